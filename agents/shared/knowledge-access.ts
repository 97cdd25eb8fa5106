import type { AgentName } from "../../cases/schema.ts";

/**
 * Which knowledge an agent may read: documents carrying one of these access labels, plus
 * unlabelled documents. Kept beside the field policies in spirit: an agent only ever sees
 * passages its labels allow, whatever a prompt asks for.
 */
export const AGENT_KNOWLEDGE_LABELS: Readonly<Record<AgentName, string[]>> = {
  "renewal-risk": ["playbook", "customer-success"],
  "lead-triage": ["sales"],
  "service-routing": ["support", "help-center"],
};
