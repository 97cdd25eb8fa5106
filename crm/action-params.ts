import { AppError } from "../core/errors.ts";
import type { ProposedAction } from "./types.ts";

/**
 * The parameter contract of side effects, checked by the guard in front of every port
 * (live and sandbox alike), so a replay fails exactly where a live run would. Agents name
 * parameters in their own words; each list is every accepted spelling, first preferred.
 */
export const PARAM_NAMES = {
  otherId: ["otherId", "intoId", "duplicateOf", "targetId", "mergeInto", "linkTo", "recordId"],
  otherType: ["otherType", "intoType", "type"],
  assignee: ["assignee", "ownerId", "owner", "repId"],
  queue: ["queue"],
  priority: ["priority"],
} as const;

type Params = ProposedAction["params"];

/** The first non-empty value among `names`, as a string. */
export function paramStr(p: Params, ...names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = p[n];
    if (typeof v === "string" && v.trim() !== "") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
  }
  return undefined;
}

/** The first finite number among `names` (numeric strings accepted). */
export function paramNum(p: Params, ...names: readonly string[]): number | undefined {
  for (const n of names) {
    const v = p[n];
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** Throw INPUT_INVALID when an action lacks what its effect needs. */
export function validateActionParams(a: ProposedAction): void {
  const p = a.params;
  switch (a.kind) {
    case "merge_record":
    case "link_record":
      if (!paramStr(p, ...PARAM_NAMES.otherId)) {
        throw new AppError("INPUT_INVALID", `${a.kind} needs params.otherId (the record to ${a.kind === "merge_record" ? "merge into" : "link to"})`);
      }
      return;
    case "assign_owner":
      if (!paramStr(p, ...PARAM_NAMES.assignee)) throw new AppError("INPUT_INVALID", "assign_owner needs params.assignee (or ownerId)");
      return;
    case "route_ticket":
      if (a.target.type !== "ticket") throw new AppError("INPUT_INVALID", "route_ticket targets a ticket");
      if (!paramStr(p, ...PARAM_NAMES.queue) && !paramStr(p, ...PARAM_NAMES.assignee) && !paramStr(p, ...PARAM_NAMES.priority)) {
        throw new AppError("INPUT_INVALID", "route_ticket needs params.queue, assignee or priority");
      }
      return;
    default:
      return;
  }
}
