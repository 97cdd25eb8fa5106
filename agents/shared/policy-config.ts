import { z } from "zod";
import { AppError } from "../../core/errors.ts";

/**
 * Per-agent policy thresholds and playbooks, configurable without code changes: a JSON
 * file for the CLI/sandbox (`--policy file`), `tenant_settings` in the live CRM. The evals'
 * calibrated-autonomy step writes `autoExecuteAbove` (overall and per segment).
 */
export const AgentPolicy = z.object({
  /** Score at or above which the agent alerts/prioritises; default = the model file's threshold. */
  alertThreshold: z.number().min(0).max(1).optional(),
  /** Score at or above which side effects may run without a human (null = always ask). */
  autoExecuteAbove: z.number().min(0).max(1).nullable().default(null),
  /** Per segment (e.g. "country=DE") overrides of autoExecuteAbove. */
  segments: z.record(z.string(), z.object({ autoExecuteAbove: z.number().min(0).max(1).nullable() })).default({}),
  /** Action kinds that always need a human, whatever the score. */
  alwaysAsk: z.array(z.string()).default([]),
  /** Free-form agent-specific knobs (playbook ARR bands, days-to-renewal windows, consent field names…). */
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type AgentPolicy = z.infer<typeof AgentPolicy>;

export const PolicyConfig = z.object({
  version: z.literal(1).default(1),
  agents: z
    .object({
      "renewal-risk": AgentPolicy.optional(),
      "lead-triage": AgentPolicy.optional(),
      "service-routing": AgentPolicy.optional(),
    })
    .default({}),
});
export type PolicyConfig = z.infer<typeof PolicyConfig>;

/**
 * An agent's settings parser that parses once per policy object: a policy is not changed
 * after it is loaded, and its stages read the settings several times per case.
 */
export function settingsOnce<T>(parse: (settings: Record<string, unknown>) => T): (policy: Pick<AgentPolicy, "settings"> | undefined) => T {
  const cache = new WeakMap<object, T>();
  let defaults: { value: T } | undefined;
  return (policy) => {
    if (!policy) return (defaults ??= { value: parse({}) }).value;
    const hit = cache.get(policy);
    if (hit !== undefined) return hit;
    const value = parse(policy.settings);
    cache.set(policy, value);
    return value;
  };
}

/**
 * Parse an agent's `policy.settings` with its schema, defaults filled in. A bad value is
 * CONFIG_INVALID listing every problem by path: permanent, so a run under that policy fails
 * at once with the reason instead of being retried.
 */
export function parseAgentSettings<T>(agent: string, schema: z.ZodType<T>, settings: Record<string, unknown> | undefined): T {
  const parsed = schema.safeParse(settings ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `settings.${i.path.join(".")}: ${i.message}`);
    throw new AppError("CONFIG_INVALID", `Invalid ${agent} policy:\n  - ${problems.join("\n  - ")}`, { problems });
  }
  return parsed.data;
}
