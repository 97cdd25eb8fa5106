import { z } from "zod";

/**
 * zod schema of `BinaryParams` (tabular/model.ts), with the cross-checks that matter at
 * scoring time: tree arrays of equal length, child and column indices in range, linear
 * columns aligned with the schema columns.
 */

const Column = z.discriminatedUnion("kind", [
  z.object({
    name: z.string(),
    kind: z.enum(["numeric", "boolean"]),
    absentAsZero: z.boolean(),
    edges: z.array(z.number()),
    encodes: z
      .object({ from: z.string(), levels: z.array(z.string()), rates: z.array(z.number()), prior: z.number() })
      .refine((e) => e.levels.length === e.rates.length, "encoding levels and rates differ in length")
      .optional(),
  }),
  z.object({ name: z.string(), kind: z.literal("categorical"), categories: z.array(z.string()), caseless: z.boolean().optional() }),
]);

const Tree = z.object({
  f: z.array(z.number().int()),
  t: z.array(z.number().int()),
  m: z.array(z.number().int()),
  c: z.array(z.array(z.number().int().positive())),
  l: z.array(z.number().int()),
  r: z.array(z.number().int()),
  v: z.array(z.number()),
});

const LinearColumn = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("numeric"), log: z.boolean(), mean: z.number(), std: z.number().positive(), w: z.number(), wMissing: z.number(), center: z.number(), knots: z.array(z.number()).optional(), wBins: z.array(z.number()).optional() }),
  z.object({ kind: z.literal("categorical"), w: z.array(z.number()), wMissing: z.number(), center: z.number() }),
]);

const LinearCross = z
  .object({ a: z.number().int().nonnegative(), b: z.number().int().nonnegative(), pairs: z.array(z.number().int().nonnegative()), w: z.array(z.number()), center: z.number() })
  .refine((c) => c.pairs.length === c.w.length && c.pairs.every((k, i) => i === 0 || k > c.pairs[i - 1]!), "cross pairs must be ascending and match the weights");

export const binaryParamsSchema = z
  .object({
    columns: z.array(Column),
    gbm: z.object({ init: z.number(), trees: z.array(Tree) }).nullable(),
    linear: z.object({ intercept: z.number(), columns: z.array(LinearColumn), crosses: z.array(LinearCross).optional() }).nullable(),
    blend: z.object({ gbm: z.number(), linear: z.number() }),
    calibration: z.object({ a: z.number(), b: z.number() }),
    config: z.record(z.string(), z.union([z.number(), z.string()])),
  })
  .superRefine((p, ctx) => {
    const nCols = p.columns.length;
    p.gbm?.trees.forEach((t, ti) => {
      const n = t.f.length;
      const sameLength = [t.t, t.m, t.c, t.l, t.r, t.v].every((a) => a.length === n);
      const valid =
        n > 0 &&
        sameLength &&
        t.f.every((f, i) => f === -1 || (f >= 0 && f < nCols && t.l[i]! > i && t.l[i]! < n && t.r[i]! > i && t.r[i]! < n));
      if (!valid) ctx.addIssue({ code: "custom", path: ["gbm", "trees", ti], message: "tree arrays are inconsistent (lengths, column or child indices)" });
    });
    if (p.linear) {
      const aligned =
        p.linear.columns.length === nCols &&
        p.linear.columns.every((lc, j) => {
          const c = p.columns[j]!;
          return lc.kind === "categorical" ? c.kind === "categorical" && lc.w.length === c.categories.length : c.kind !== "categorical";
        });
      if (!aligned) ctx.addIssue({ code: "custom", path: ["linear", "columns"], message: "linear weights do not match the feature columns" });
      p.linear.crosses?.forEach((c, ci) => {
        if (!(c.a < c.b && c.b < nCols)) ctx.addIssue({ code: "custom", path: ["linear", "crosses", ci], message: "cross columns out of range" });
      });
    }
    if (!p.gbm && !p.linear) ctx.addIssue({ code: "custom", path: ["gbm"], message: "model has neither trees nor linear weights" });
  });
