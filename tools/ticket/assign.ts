import { z } from "zod";
import type { Rep } from "../../crm/types.ts";
import { foldText } from "./sentiment.ts";

/**
 * Picking a support rep: skill match (queue, language, product) weighed against current
 * load and the ticket's SLA (priority). Hard rules first (capacity, seniority, language),
 * then a score; the choice AND the runner-up come back with their scores and why.
 */

/** How much each part of a rep's fit counts (the routing policy's `assignWeights`). */
export const AssignWeights = z.object({
  queue: z.number().nonnegative().default(3),
  language: z.number().nonnegative().default(2),
  product: z.number().nonnegative().default(1),
  headroom: z.number().nonnegative().default(1),
  /** Keeps seniors free for escalations: subtracted for a senior on a routine ticket. */
  seniorSpare: z.number().nonnegative().default(0.25),
});
export type AssignWeights = z.infer<typeof AssignWeights>;

/** The part of the routing settings assignment reads. */
export interface AssignSettings {
  assignWeights: AssignWeights;
}

export interface AssignRequest {
  queue: string;
  /** ISO 639-1 code of the ticket; undefined/unknown = language is not a requirement. */
  language?: string | undefined;
  priority?: string | undefined;
  /** Only seniors may take it (escalated ticket). */
  seniorRequired: boolean;
  /** Ticket text, to find product skills mentioned in it ("Shopify", "Cisco IOS"). */
  text?: string | undefined;
  /** Products named by the CRM (e.g. a ticket attribute), matched against skills. */
  products?: string[] | undefined;
}

export interface ScoreParts {
  queue: number;
  language: number;
  product: number;
  headroom: number;
  seniorSpare: number;
}

export interface ScoredRep {
  repId: string;
  name: string;
  score: number;
  parts: ScoreParts;
  /** What a person reads: "handles Billing; speaks de; 3/8 open". */
  why: string;
}

export interface Assignment {
  assignee: ScoredRep | null;
  runnerUp: ScoredRep | null;
  /** Set when nobody fits: why, in words. */
  unassignedReason?: string | undefined;
  /** Reps ruled out by a hard rule, with the rule. */
  excluded: { repId: string; why: string }[];
  /** One line for the decision: choice, runner-up and the margin. */
  explanation: string;
}

/** Text scanned for product mentions, at most; bounded work on pasted logs. */
const MAX_TEXT = 5_000;

/** How much free capacity matters, by priority: an urgent ticket wants the least-loaded rep. */
const HEADROOM_BY_PRIORITY: Record<string, number> = { low: 0.5, normal: 1, medium: 1, high: 2, urgent: 3, critical: 3 };

const norm = (s: string) => foldText(s).replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** Skill names recur on every ticket (each rep's, each time): normalised once. */
const SKILL_CACHE_SIZE = 10_000;
const normalizedSkills = new Map<string, string>();
function normSkill(s: string): string {
  let hit = normalizedSkills.get(s);
  if (hit === undefined) {
    hit = norm(s);
    if (normalizedSkills.size >= SKILL_CACHE_SIZE) normalizedSkills.clear();
    normalizedSkills.set(s, hit);
  }
  return hit;
}
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Whether a normalised skill occurs as whole words in `padded` (normalised text with a space at each end). */
function mentions(padded: string, needle: string): boolean {
  return needle !== "" && padded.includes(` ${needle} `);
}

/** Score every rep who may take the ticket; rule out the others with the reason. */
export function pickAssignee(reps: readonly Rep[], req: AssignRequest, settings: AssignSettings): Assignment {
  const w = settings.assignWeights;
  const queue = normSkill(req.queue);
  const lang = req.language?.trim().toLowerCase() || undefined;
  // Padded once: whole-word matching below is then a plain substring search per skill.
  const text = req.text ? ` ${norm(req.text.slice(0, MAX_TEXT))} ` : "";
  const products = (req.products ?? []).map(normSkill).filter(Boolean);
  const headroomWeight = w.headroom * (HEADROOM_BY_PRIORITY[req.priority?.toLowerCase() ?? ""] ?? 1);
  // A language nobody on the team speaks cannot be a requirement: say so instead of leaving the ticket alone.
  const langKnown = lang !== undefined && reps.some((r) => r.languages.some((l) => l.toLowerCase() === lang));
  const excluded: Assignment["excluded"] = [];
  const scored: ScoredRep[] = [];

  for (const rep of reps) {
    if (rep.capacity <= 0 || rep.load >= rep.capacity) {
      excluded.push({ repId: rep.id, why: `at capacity (${rep.load}/${rep.capacity} open)` });
      continue;
    }
    if (req.seniorRequired && !rep.senior) {
      excluded.push({ repId: rep.id, why: "escalated ticket needs a senior" });
      continue;
    }
    const speaks = lang !== undefined && rep.languages.some((l) => l.toLowerCase() === lang);
    if (langKnown && !speaks) {
      excluded.push({ repId: rep.id, why: `does not speak "${lang}"` });
      continue;
    }
    const skills = rep.skills.map(normSkill).filter(Boolean);
    const queueMatch = skills.includes(queue) ? 1 : 0;
    const productHits = skills.filter((s) => s !== queue && (products.includes(s) || mentions(text, s)));
    const parts: ScoreParts = {
      queue: queueMatch * w.queue,
      language: (langKnown ? 1 : 0.5) * w.language,
      product: Math.min(1, productHits.length / 2) * w.product,
      headroom: ((rep.capacity - rep.load) / rep.capacity) * headroomWeight,
      seniorSpare: rep.senior && !req.seniorRequired ? -w.seniorSpare : 0,
    };
    const score = round3(parts.queue + parts.language + parts.product + parts.headroom + parts.seniorSpare);
    const why = [
      queueMatch ? `handles ${req.queue}` : `no ${req.queue} skill`,
      langKnown ? `speaks ${lang}` : lang ? `nobody speaks ${lang}` : "language unknown",
      productHits.length ? `knows ${productHits.slice(0, 3).join(", ")}` : undefined,
      `${rep.load}/${rep.capacity} open`,
      rep.senior ? "senior" : undefined,
    ]
      .filter(Boolean)
      .join("; ");
    const rounded = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round3(v)])) as unknown as ScoreParts;
    scored.push({ repId: rep.id, name: rep.name, score, parts: rounded, why });
  }

  // Deterministic: score, then the lighter load ratio, then id.
  const ratios = new Map(reps.map((r) => [r.id, r.capacity > 0 ? r.load / r.capacity : 1]));
  const loadRatio = (id: string) => ratios.get(id) ?? 1;
  scored.sort((a, b) => b.score - a.score || loadRatio(a.repId) - loadRatio(b.repId) || a.repId.localeCompare(b.repId));
  const [assignee, runnerUp] = scored;
  if (!assignee) {
    const unassignedReason =
      reps.length === 0
        ? "no support reps in the CRM"
        : `nobody fits: ${summarise(excluded)}`;
    return { assignee: null, runnerUp: null, unassignedReason, excluded, explanation: `unassigned: ${unassignedReason}` };
  }
  const explanation = runnerUp
    ? `${assignee.name} (${assignee.score}: ${assignee.why}) over ${runnerUp.name} (${runnerUp.score}: ${runnerUp.why})`
    : `${assignee.name} (${assignee.score}: ${assignee.why}); no runner-up`;
  return { assignee, runnerUp: runnerUp ?? null, excluded, explanation };
}

/** "3 at capacity, 2 not senior": the hard rules that ruled everybody out. */
function summarise(excluded: Assignment["excluded"]): string {
  const counts = new Map<string, number>();
  for (const e of excluded) {
    const rule = e.why.startsWith("at capacity") ? "at capacity" : e.why;
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return [...counts].map(([rule, n]) => `${n} ${n === 1 ? "rep" : "reps"} ${rule}`).join(", ");
}
