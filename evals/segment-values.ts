import type { AgentName, Case } from "../cases/schema.ts";
import { readCases } from "../cases/reader.ts";

/**
 * Segment values come from the case file, not the replay: an analyst names any case field
 * (`account.country`, `ticket.language`), a short field of the case's subject (`country`,
 * `plan`, `tier`) or an attribute name (`csm`, `Lead Origin`), and every case id maps to
 * that value as a string.
 */

/** Cases with no value for the field fall in this group (kept, not dropped: gaps hide there). */
export const MISSING = "(missing)";

/** Where short names and attributes are looked up, in order. */
const SUBJECTS = ["account", "lead", "ticket", "customer"] as const;

function get(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function asSegment(v: unknown): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** The value of `field` for one case: dotted path, then a subject's field, then its attributes. */
export function segmentValue(c: Case, field: string): string {
  const direct = asSegment(get(c, field.split(".")));
  if (direct !== undefined) return direct;
  for (const s of SUBJECTS) {
    const v = asSegment(get(c, [s, field])) ?? asSegment(get(c, [s, "attributes", field]));
    if (v !== undefined) return v;
  }
  return MISSING;
}

/** caseId → segment value, for one field. */
export type SegmentOf = (caseId: string) => string;

/** Build one mapping per field from cases already in memory. */
export function segmentMaps(cases: readonly Case[], fields: readonly string[]): Record<string, SegmentOf> {
  const out: Record<string, SegmentOf> = {};
  for (const field of fields) {
    const m = new Map(cases.map((c) => [c.id, segmentValue(c, field)]));
    out[field] = (id) => m.get(id) ?? MISSING;
  }
  return out;
}

/** Read the case file (with the shared reader, bad lines skipped) and build the mappings. */
export async function loadSegmentMaps(file: string, agent: AgentName, fields: readonly string[]): Promise<Record<string, SegmentOf>> {
  const { cases } = await readCases(file, { agent });
  return segmentMaps(cases.map((c) => c.case), fields);
}
