import type { Attributes } from "../../cases/schema.ts";
import { instant } from "../../cases/as-of.ts";
import type { FeatureRow, FeatureValue } from "../types.ts";

/**
 * Generic value handling shared by every feature extractor: CRM exports carry numbers as
 * strings ("1,200"), booleans as "FALSE"/"Yes", dates as strings and many spellings of
 * "empty". Nothing here knows a column name.
 */

export const DAY_MS = 86_400_000;

const NULL_WORDS = new Set(["", "na", "n/a", "nan", "null", "none", "nil", "-", "--", "?", "undefined"]);
const TRUE_WORDS = new Set(["true", "yes"]);
const FALSE_WORDS = new Set(["false", "no"]);
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const GROUPED_NUMBER = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Days from `iso` to `asOf` (positive = in the past); undefined when unparseable. */
export function daysBefore(iso: string | undefined | null, asOfMs: number): number | undefined {
  if (!iso) return undefined;
  const t = parseInstant(iso);
  return t === undefined ? undefined : (asOfMs - t) / DAY_MS;
}

/** Parse an ISO-ish date or date-time ("2024-01-04 8:00" included) to epoch ms. */
export function parseInstant(iso: string): number | undefined {
  let s = iso.trim();
  // "2024-01-04 8:00" is not ISO for Date.parse on every engine: pad the hour, use "T".
  s = s.replace(/^(\d{4}-\d{2}-\d{2})[ T](\d):/, "$1T0$2:").replace(/^(\d{4}-\d{2}-\d{2}) /, "$1T");
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** The decision instant of a case: the end of the `asOf` day for a bare date. */
export function asOfInstant(asOf: string): number {
  return instant(asOf);
}

export type Normalized = { kind: "value"; value: FeatureValue } | { kind: "date"; daysAgo: number };

/** Turn one raw attribute value into a typed feature value. */
export function normalizeValue(raw: unknown, asOfMs: number): Normalized {
  if (raw === null || raw === undefined) return { kind: "value", value: null };
  if (typeof raw === "boolean") return { kind: "value", value: raw };
  if (typeof raw === "number") return { kind: "value", value: Number.isFinite(raw) ? raw : null };
  if (typeof raw !== "string") return { kind: "value", value: null };
  const s = raw.trim();
  const lower = s.toLowerCase();
  if (NULL_WORDS.has(lower)) return { kind: "value", value: null };
  if (TRUE_WORDS.has(lower)) return { kind: "value", value: true };
  if (FALSE_WORDS.has(lower)) return { kind: "value", value: false };
  if (NUMBER.test(s)) return { kind: "value", value: Number(s) };
  if (GROUPED_NUMBER.test(s)) return { kind: "value", value: Number(s.replaceAll(",", "")) };
  if (s.endsWith("%") && NUMBER.test(s.slice(0, -1).trim())) return { kind: "value", value: Number(s.slice(0, -1)) / 100 };
  if (DATE_LIKE.test(s)) {
    const days = daysBefore(s, asOfMs);
    if (days !== undefined) return { kind: "date", daysAgo: round(days, 2) };
  }
  return { kind: "value", value: s };
}

/**
 * Every attribute column as a feature under its own name; date-like values become
 * `<name>.daysAgo`. A name already used by a typed field gets the `attr.` prefix.
 */
export function attributeFeatures(attrs: Attributes | undefined, asOfMs: number, row: FeatureRow): void {
  if (!attrs) return;
  for (const [name, raw] of Object.entries(attrs)) {
    const n = normalizeValue(raw, asOfMs);
    let key = n.kind === "date" ? `${name}.daysAgo` : name;
    if (key in row) key = `attr.${key}`;
    row[key] = n.kind === "date" ? n.daysAgo : n.value;
  }
}

/** Typed string field: trimmed, empty = missing. */
export function category(v: string | undefined | null): string | null {
  if (v === undefined || v === null) return null;
  const s = v.trim();
  return s === "" || NULL_WORDS.has(s.toLowerCase()) ? null : s;
}

export const num = (v: number | undefined | null): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

export function round(v: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Relative change of a recent window against the window before it, bounded to [-1, 3]. */
export function relativeChange(recent: number, previous: number): number {
  if (previous <= 0) return recent > 0 ? 1 : 0;
  return round(Math.max(-1, Math.min(3, (recent - previous) / previous)));
}

/** Smallest value (Infinity for none); a loop, as spreading a long history would overflow the stack. */
export function minOf(xs: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const x of xs) if (x < m) m = x;
  return m;
}
