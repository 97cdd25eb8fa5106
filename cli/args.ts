import { parseArgs, type ParseArgsConfig } from "node:util";
import { AGENT_NAMES, type AgentName } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";

/** A bad flag or argument: INPUT_INVALID (exit code 2) with the command's usage line. */
export function usageError(message: string, usage: string): AppError {
  return new AppError("INPUT_INVALID", `${message}\nusage: ${usage}`);
}

/** Parse flags strictly; an unknown or malformed flag is a usage error. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError((err as Error).message, usage);
  }
}

export function requireFlag(value: string | boolean | undefined, name: string, usage: string): string {
  if (typeof value !== "string" || value === "") throw usageError(`missing --${name}`, usage);
  return value;
}

export function agentFlag(value: string | boolean | undefined, usage: string): AgentName {
  const v = requireFlag(value, "agent", usage);
  if (!(AGENT_NAMES as readonly string[]).includes(v)) {
    throw usageError(`unknown agent "${v}" (expected one of ${AGENT_NAMES.join(", ")})`, usage);
  }
  return v as AgentName;
}
