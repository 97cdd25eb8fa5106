import { parseArgs, type ParseArgsConfig } from "node:util";
import { AGENT_NAMES, type AgentName } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";

/** Parse flags strictly; an unknown or malformed flag is INPUT_INVALID with the usage line. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError("INPUT_INVALID", `${(err as Error).message}\nusage: ${usage}`);
  }
}

export function requireFlag(value: string | boolean | undefined, name: string, usage: string): string {
  if (typeof value !== "string" || value === "") throw new AppError("INPUT_INVALID", `missing --${name}\nusage: ${usage}`);
  return value;
}

export function agentFlag(value: string | boolean | undefined, usage: string): AgentName {
  const v = requireFlag(value, "agent", usage);
  if (!(AGENT_NAMES as readonly string[]).includes(v)) {
    throw new AppError("INPUT_INVALID", `unknown agent "${v}" (expected one of ${AGENT_NAMES.join(", ")})\nusage: ${usage}`);
  }
  return v as AgentName;
}
