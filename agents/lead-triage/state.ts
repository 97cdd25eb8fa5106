import { Annotation } from "@langchain/langgraph";
import type { LeadContext } from "../../crm/types.ts";
import { CommonState, keepLast } from "../shared/state.ts";
import type { AccountMatch } from "../../tools/lead/account-match.ts";
import type { Assignment, RoundRobinCursor } from "../../tools/lead/assign.ts";
import type { Consent } from "./logic/consent.ts";
import type { DuplicateMatch } from "../../tools/lead/dedupe.ts";
import type { GradeResult } from "./logic/grade.ts";
import type { NormalizedLead } from "../../tools/lead/normalize.ts";

/**
 * Lead-triage state: the common channels plus what each step found. The parts a person
 * reads are also copied into `details`, which the decision record stores.
 */
export const LeadTriageState = Annotation.Root({
  ...CommonState,
  /** The lead and its activities at `asOf` (field rules applied). */
  context: Annotation<LeadContext | null>({ reducer: keepLast, default: () => null }),
  /** Canonical email/phone/company/name/country and what could not be read. */
  normalized: Annotation<NormalizedLead | null>({ reducer: keepLast, default: () => null }),
  /** Which channels the lead allows, from the configured consent fields. */
  consent: Annotation<Consent | null>({ reducer: keepLast, default: () => null }),
  /** Existing people this lead duplicates, best first. */
  duplicates: Annotation<DuplicateMatch[]>({ reducer: keepLast, default: () => [] }),
  /** An existing account the lead's company belongs to, when no person matched. */
  account: Annotation<AccountMatch | null>({ reducer: keepLast, default: () => null }),
  /** Letter grade from the calibrated probability; null when unscored. */
  grade: Annotation<GradeResult | null>({ reducer: keepLast, default: () => null }),
  /** Chosen owner, or "unassigned: why"; null when assignment was skipped (merged duplicate). */
  assignment: Annotation<Assignment | null>({ reducer: keepLast, default: () => null }),
  /** Round-robin state passed in by the caller; the assign step reads it (the caller persists the new one from details). */
  roundRobin: Annotation<RoundRobinCursor>({ reducer: keepLast, default: () => ({}) }),
});

/** The plain state object, derived from the annotations above. */
export type LeadTriageStateValues = typeof LeadTriageState.State;
