import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { AgentName, Case } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import { buildRenewalGraph, GRAPH_VERSION as RENEWAL_GRAPH } from "./renewal-risk/graph.ts";
import { RenewalState } from "./renewal-risk/state.ts";
import { PROMPT_VERSION as RENEWAL_PROMPT } from "./renewal-risk/prompts.ts";
import { buildLeadTriageGraph, GRAPH_VERSION as LEAD_GRAPH } from "./lead-triage/graph.ts";
import { LeadTriageState } from "./lead-triage/state.ts";
import { PROMPT_VERSION as LEAD_PROMPT } from "./lead-triage/prompts.ts";
import { buildServiceRoutingGraph, GRAPH_VERSION as ROUTING_GRAPH } from "./service-routing/graph.ts";
import { RoutingState } from "./service-routing/state.ts";
import { PROMPT_VERSION as ROUTING_PROMPT } from "./service-routing/prompts.ts";
import type { AgentDefinition, AgentGraph } from "./registry-types.ts";

/**
 * The agent registry: every agent by name, with its graph builder. The CLI, the sandbox,
 * the runtime and the server look agents up here and nowhere else.
 */
interface RegisteredAgent extends AgentDefinition {
  build(checkpointer: BaseCheckpointSaver): AgentGraph;
}

const caseSubject = (c: Case) =>
  c.agent === "renewal-risk"
    ? { type: "account" as const, id: c.account.id }
    : c.agent === "lead-triage"
      ? { type: "lead" as const, id: c.lead.id }
      : { type: "ticket" as const, id: c.ticket.id };

const AGENTS: Record<AgentName, RegisteredAgent> = {
  "renewal-risk": {
    name: "renewal-risk",
    graphVersion: RENEWAL_GRAPH,
    promptVersion: RENEWAL_PROMPT,
    subjectType: "account",
    stateSpec: RenewalState.spec,
    subjectOf: caseSubject,
    build: (cp) => buildRenewalGraph(cp) as unknown as AgentGraph,
  },
  "lead-triage": {
    name: "lead-triage",
    graphVersion: LEAD_GRAPH,
    promptVersion: LEAD_PROMPT,
    subjectType: "lead",
    stateSpec: LeadTriageState.spec,
    subjectOf: caseSubject,
    build: (cp) => buildLeadTriageGraph(cp) as unknown as AgentGraph,
  },
  "service-routing": {
    name: "service-routing",
    graphVersion: ROUTING_GRAPH,
    promptVersion: ROUTING_PROMPT,
    subjectType: "ticket",
    stateSpec: RoutingState.spec,
    subjectOf: caseSubject,
    build: (cp) => buildServiceRoutingGraph(cp) as unknown as AgentGraph,
  },
};

export function getAgent(name: AgentName): RegisteredAgent {
  const agent = AGENTS[name] as RegisteredAgent | undefined;
  if (!agent) throw new AppError("INPUT_INVALID", `unknown agent "${name}"`);
  return agent;
}

