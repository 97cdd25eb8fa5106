import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import { formatZodIssues } from "../../cases/reader.ts";

/**
 * What the text routing model stores in `RoutingModelFile.params`: plain JSON, everything
 * prediction needs, nothing else. Parsed with zod when a model is loaded, so a hand-edited
 * or truncated file fails with MODEL_INVALID instead of routing garbage.
 */

export const TEXT_PARAMS_SCHEMA = "text-routing/1";

const TermOptionsSchema = z.object({
  bigrams: z.boolean(),
  chars: z.boolean(),
  subjectWords: z.boolean(),
  meta: z.boolean(),
  maxTokens: z.number().int().positive(),
});

const VocabOptionsSchema = z.object({
  minDf: z.number().int().positive(),
  maxWords: z.number().int().nonnegative(),
  maxChars: z.number().int().nonnegative(),
  maxMeta: z.number().int().nonnegative(),
  wordScale: z.number(),
  charScale: z.number(),
  metaScale: z.number(),
});

const LabelScoreSchema = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number(),
});

/** One fitted classifier (queue or priority): a linear score per label. */
export const ClassifierParamsSchema = z.object({
  labels: z.array(z.string()).min(1),
  /** Cost C chosen by cross-validation, and the row weighting used. */
  c: z.number().positive(),
  /** Multiplier of the margins before the softmax, fitted on cross-validated margins. */
  scale: z.number().positive(),
  bias: z.array(z.number()),
  /** `weights[f * labels.length + k]`: weight of feature f for label k. */
  weights: z.array(z.number()),
  /** Cross-validated precision/recall/F1 per label (empty when there was too little data to cross-validate). */
  cvPerLabel: z.record(z.string(), LabelScoreSchema),
  /** Which linear learner CV chose ("plain", "nb" or "ens"); absent in files before it was chosen. */
  learner: z.enum(["plain", "nb", "ens"]).optional(),
  /**
   * Blend with nearest-neighbour votes: p = (1 − weight) · softmax + weight · votes of the
   * k closest training tickets (cosine^power); absent or weight 0 = linear model only.
   */
  neighbours: z.object({ k: z.number().int().positive(), power: z.number().positive(), weight: z.number().min(0).max(1) }).optional(),
});

/**
 * Training tickets for the neighbour vote: word-block feature ids of ticket r are
 * `ids[offsets[r] .. offsets[r + 1])`, a feature repeated once per occurrence (values are
 * recomputed from the idf when loading, exactly as for a new ticket); labels index the
 * classifiers' labels, -1 = none.
 */
const NeighbourTicketsSchema = z.object({
  offsets: z.array(z.number().int().nonnegative()),
  ids: z.array(z.number().int().nonnegative()),
  queue: z.array(z.number().int().min(-1)),
  priority: z.array(z.number().int().min(-1)),
});

export const TextRoutingParamsSchema = z.object({
  schema: z.literal(TEXT_PARAMS_SCHEMA),
  terms: TermOptionsSchema,
  vocab: VocabOptionsSchema,
  /** Vocabulary: feature names, readable ("word:rechnung", "char:_rech", "lang=de"). */
  features: z.array(z.string()),
  idf: z.array(z.number()),
  queue: ClassifierParamsSchema,
  priority: ClassifierParamsSchema.optional(),
  neighbours: NeighbourTicketsSchema.optional(),
});

export type ClassifierParams = z.infer<typeof ClassifierParamsSchema>;
export type TextRoutingParams = z.infer<typeof TextRoutingParamsSchema>;

/** Validate stored params, checking that array lengths agree with each other. */
export function parseTextParams(value: unknown): TextRoutingParams {
  const parsed = TextRoutingParamsSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("MODEL_INVALID", `Not a text routing model: ${formatZodIssues(parsed.error)}`);
  }
  const p = parsed.data;
  const dims = p.features.length;
  if (p.idf.length !== dims) {
    throw new AppError("MODEL_INVALID", `Text routing model has ${dims} features but ${p.idf.length} idf values`);
  }
  for (const [name, c] of [["queue", p.queue], ["priority", p.priority]] as const) {
    if (!c) continue;
    if (c.bias.length !== c.labels.length || c.weights.length !== dims * c.labels.length) {
      throw new AppError("MODEL_INVALID", `Text routing model: ${name} weights do not match ${dims} features × ${c.labels.length} labels`);
    }
  }
  const nb = p.neighbours;
  if (nb) {
    const rows = nb.offsets.length - 1;
    const ordered = rows >= 0 && nb.offsets[0] === 0 && nb.offsets.every((o, r) => r === 0 || o >= (nb.offsets[r - 1] as number));
    if (!ordered || nb.offsets[rows] !== nb.ids.length || nb.queue.length !== rows || nb.priority.length !== rows || nb.ids.some((f) => f >= dims)) {
      throw new AppError("MODEL_INVALID", "Text routing model: neighbour tickets do not match their offsets, labels or features");
    }
    const badLabel = (labels: number[], c: ClassifierParams | undefined) => labels.some((l) => l >= (c?.labels.length ?? 0));
    if (badLabel(nb.queue, p.queue) || badLabel(nb.priority, p.priority)) {
      throw new AppError("MODEL_INVALID", "Text routing model: neighbour labels out of range");
    }
  }
  return p;
}
