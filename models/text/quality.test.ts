import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readCases } from "../../cases/reader.ts";
import type { RoutingCase } from "../../cases/schema.ts";
import { classScores, fitRoutingModel, predictRouting } from "./index.ts";

/**
 * Quality smoke test on slices of the development data (../shared/data, never copied into
 * the repo). The thresholds sit far below what the full model reaches (0.99+ on both sets,
 * see bench/text-model.ts) and far above chance (~0.1): they catch a broken tokenizer,
 * vectoriser or solver, not a 1-point regression.
 */
const DATA = resolve(process.cwd(), "../shared/data/cases");
const has = (name: string) => existsSync(resolve(DATA, `${name}.train.jsonl`)) && existsSync(resolve(DATA, `${name}.test.jsonl`));

async function slice(file: string, n: number): Promise<RoutingCase[]> {
  const { cases } = await readCases(resolve(DATA, file), { agent: "service-routing", requireOutcome: true });
  return cases.slice(0, n).map((c) => c.case);
}

async function fitAndScore(name: string, nTrain: number, nTest: number) {
  const train = await slice(`${name}.train.jsonl`, nTrain);
  const test = await slice(`${name}.test.jsonl`, nTest);
  // No cross-validation here: it multiplies the fit time and is covered by model.test.ts.
  const model = fitRoutingModel(train, { seed: 1, folds: 0 });
  const predictions = test.map((c) => predictRouting(model, c.ticket, c.customer));
  const queue = classScores(test.map((c) => c.outcome?.queue ?? ""), predictions.map((p) => p.queue.label));
  const priority = classScores(test.map((c) => c.outcome?.priority ?? ""), predictions.map((p) => p.priority?.label ?? ""));
  return { queue, priority };
}

describe.skipIf(!has("routing-tickets-de"))("German tickets (routing-tickets-de slice)", () => {
  it("routes held-out German tickets to the right queue", async () => {
    // Given 240 training tickets and 120 held-out ones, ten queues
    const { queue, priority } = await fitAndScore("routing-tickets-de", 240, 120);
    // Then nearly all are routed right (chance is ~0.1)
    expect(queue.accuracy).toBeGreaterThan(0.85);
    expect(queue.macroF1).toBeGreaterThan(0.8);
    expect(priority.accuracy).toBeGreaterThan(0.8);
  });
});

describe.skipIf(!has("routing-bitext"))("short English requests (routing-bitext slice)", () => {
  it("classifies held-out utterances by intent", async () => {
    const { queue } = await fitAndScore("routing-bitext", 800, 300);
    expect(queue.accuracy).toBeGreaterThan(0.95);
  });
});
