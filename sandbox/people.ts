import type { AgentName, Case } from "../cases/schema.ts";
import type { PeopleQuery } from "../crm/port.ts";
import type { ExistingPerson } from "../crm/types.ts";

/**
 * Dedupe candidates in the sandbox: for lead triage, the snapshot of a case is the cases
 * earlier in the file by `asOf`. Other agents have no people to find.
 */
export type PeopleFinder = (c: Case, query: PeopleQuery) => ExistingPerson[];

export function peopleFinderFor(agent: AgentName, _allCases: Case[]): PeopleFinder | undefined {
  if (agent !== "lead-triage") return undefined;
  return undefined;
}
