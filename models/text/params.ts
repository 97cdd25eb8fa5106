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
  return p;
}
