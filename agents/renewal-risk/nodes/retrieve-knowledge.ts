import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { depsOf } from "../../shared/deps.ts";
import type { RenewalStateValues } from "../state.ts";

/** Ground the brief in the playbook: search with the risk drivers; cite what comes back. */
export async function retrieveKnowledgeNode(state: RenewalStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  if (!deps.searchKnowledge) return {};
  const drivers = state.topFactors.slice(0, 3).map((f) => f.feature.replace(/[=._:]/g, " "));
  const query = `renewal churn risk playbook ${drivers.join(" ")}`;
  try {
    return { citations: await deps.searchKnowledge(query, 3) };
  } catch (err) {
    return { errors: [`retrieve_knowledge: ${errorMessage(err)}`] };
  }
}
