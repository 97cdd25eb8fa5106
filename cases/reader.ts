import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { z } from "zod";
import { AppError } from "../core/errors.ts";
import { AGENT_NAMES, Case, type AgentName, type CaseOf } from "./schema.ts";

/** One skipped line: where and why. */
export interface CaseIssue {
  line: number;
  id?: string;
  reason: string;
}

/** What reading a case file found; filled in while the cases stream. */
export interface ReadReport {
  file: string;
  lines: number;
  read: number;
  skipped: number;
  issues: CaseIssue[];
}

export interface ReadOptions<A extends AgentName> {
  /** Only cases for this agent are accepted; others are reported and skipped. */
  agent?: A;
  /** Fit and replay need ground truth: a case without `outcome` is reported and skipped. */
  requireOutcome?: boolean;
  /** Keep at most this many issues in the report (all are counted). */
  maxIssues?: number;
}

export interface LocatedCase<C> {
  line: number;
  case: C;
}

/** Validate one parsed JSON value as a case; returns the case or a readable reason. */
export function validateCase<A extends AgentName>(
  value: unknown,
  opts: ReadOptions<A> = {},
): { ok: true; case: CaseOf<A> } | { ok: false; reason: string; id?: string } {
  const id = typeof value === "object" && value !== null && "id" in value ? String(value.id) : undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "not a JSON object" };
  }
  const agent = (value as { agent?: unknown }).agent;
  if (!AGENT_NAMES.includes(agent as AgentName)) {
    return { ok: false, id, reason: `unknown agent ${JSON.stringify(agent)} (expected one of ${AGENT_NAMES.join(", ")})` };
  }
  if (opts.agent && agent !== opts.agent) {
    return { ok: false, id, reason: `case is for agent "${String(agent)}", not "${opts.agent}"` };
  }
  const parsed = Case.safeParse(value);
  if (!parsed.success) return { ok: false, id, reason: formatZodIssues(parsed.error) };
  if (opts.requireOutcome && parsed.data.outcome === undefined) {
    return { ok: false, id, reason: "missing outcome (needed to fit or score)" };
  }
  return { ok: true, case: parsed.data as CaseOf<A> };
}

export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}

/**
 * Stream a JSONL case file. Bad lines are reported (line number + reason), skipped and
 * counted; the stream goes on. A missing or empty file is an error.
 */
export async function* streamCases<A extends AgentName>(
  file: string,
  opts: ReadOptions<A>,
  report: ReadReport,
): AsyncGenerator<LocatedCase<CaseOf<A>>> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new AppError("CASE_FILE_MISSING", `Case file not found: ${file}`, { file });
  const maxIssues = opts.maxIssues ?? 1000;
  const seen = new Set<string>();
  const skip = (issue: CaseIssue) => {
    report.skipped++;
    if (report.issues.length < maxIssues) report.issues.push(issue);
  };
  const rl = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let lineNo = 0;
  let nonBlank = 0;
  for await (const raw of rl) {
    lineNo++;
    const text = raw.trim();
    if (text === "") continue;
    nonBlank++;
    report.lines = nonBlank;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      skip({ line: lineNo, reason: `bad JSON: ${(err as Error).message}` });
      continue;
    }
    const result = validateCase(value, opts);
    if (!result.ok) {
      skip({ line: lineNo, reason: result.reason, ...(result.id ? { id: result.id } : {}) });
      continue;
    }
    if (seen.has(result.case.id)) {
      skip({ line: lineNo, id: result.case.id, reason: `duplicate id "${result.case.id}" (ids must be unique within a file)` });
      continue;
    }
    seen.add(result.case.id);
    report.read++;
    yield { line: lineNo, case: result.case };
  }
  if (nonBlank === 0) throw new AppError("CASE_FILE_EMPTY", `Case file is empty: ${file}`, { file });
}

export function emptyReport(file: string): ReadReport {
  return { file, lines: 0, read: 0, skipped: 0, issues: [] };
}

/** Read a whole case file into memory (fit and replay need every case). */
export async function readCases<A extends AgentName>(
  file: string,
  opts: ReadOptions<A> = {},
): Promise<{ cases: LocatedCase<CaseOf<A>>[]; report: ReadReport }> {
  const report = emptyReport(file);
  const cases: LocatedCase<CaseOf<A>>[] = [];
  for await (const c of streamCases(file, opts, report)) cases.push(c);
  return { cases, report };
}
