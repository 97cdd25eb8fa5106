import { AppError, errorMessage, isPermanentError } from "../../core/errors.ts";
import type { AgentDeps } from "./deps.ts";

/**
 * Call a tool with bounded retries for transient faults (timeouts, tool errors). Permanent
 * failures (NOT_FOUND, FIELD_FORBIDDEN, bad input…; core/errors.ts) are thrown at once. Failed attempts are
 * returned so the decision can say what happened.
 */
export async function callTool<T>(
  deps: AgentDeps,
  name: string,
  fn: () => Promise<T>,
  attempts = 3,
): Promise<{ value: T; errors: string[] }> {
  const errors: string[] = [];
  for (let i = 1; ; i++) {
    try {
      deps.injectFault?.("tool");
      return { value: await fn(), errors };
    } catch (err) {
      if (isPermanentError(err)) throw err;
      errors.push(`${name} attempt ${i}: ${errorMessage(err)}`);
      if (i >= attempts) throw new AppError("TOOL_FAILED", `${name} failed after ${attempts} attempts`, { errors }, { cause: err });
    }
  }
}
