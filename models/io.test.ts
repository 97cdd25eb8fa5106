import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { LeadCase } from "../cases/schema.ts";
import { isAppError } from "../core/errors.ts";
import { loadModel, parseModel, saveModel } from "./io.ts";
import { scoreBinary } from "./score.ts";
import { caseRow, fitBinaryModel } from "./tabular/fit-binary.ts";
import type { BinaryModelFile } from "./types.ts";

/** A small synthetic lead set: conversion depends on visits and the source. */
function leads(n: number): LeadCase[] {
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const visits = Math.floor(rand() * 20);
    const source = ["webinar", "ads", "referral"][i % 3]!;
    const p = 1 / (1 + Math.exp(-(visits / 4 - 2.5 + (source === "referral" ? 1 : 0))));
    return {
      id: `L-${i}`,
      agent: "lead-triage",
      asOf: "2026-01-01",
      lead: { id: `L-${i}`, source, attributes: { visits, region: i % 2 ? "north" : "south" } },
      activities: [],
      outcome: { converted: rand() < p },
    } as LeadCase;
  });
}

let dir: string;
let model: BinaryModelFile;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "models-io-"));
  model = fitBinaryModel("lead-triage", leads(300), { seed: 3, folds: 3 });
});

async function expectModelInvalid(p: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(err) && err.code).toBe("MODEL_INVALID");
  expect((err as Error).message).toMatch(message);
}

describe("model files", () => {
  it("round-trips: a loaded model scores exactly like the fitted one", async () => {
    // Given a fitted model saved to disk / When loaded back
    const path = join(dir, "nested", "model.json");
    await saveModel(path, model);
    const loaded = await loadModel(path);
    // Then it is the same model and scores identically
    expect(loaded).toEqual(model);
    const { row } = caseRow(leads(5)[4]!);
    expect(scoreBinary(loaded as BinaryModelFile, row)).toEqual(scoreBinary(model, row));
  });

  it("reports a truncated file as MODEL_INVALID", async () => {
    const path = join(dir, "truncated.json");
    await saveModel(path, model);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.slice(0, text.length / 2));
    await expectModelInvalid(loadModel(path), /not valid JSON/);
  });

  it("reports a missing file and a foreign JSON file as MODEL_INVALID", async () => {
    await expectModelInvalid(loadModel(join(dir, "nope.json")), /Cannot read/);
    const path = join(dir, "foreign.json");
    await writeFile(path, JSON.stringify({ hello: "world" }));
    await expectModelInvalid(loadModel(path), /format/);
  });

  it("rejects inconsistent parameters (a tree pointing at a column that does not exist)", () => {
    const broken = structuredClone(model);
    const params = broken.params as { columns: unknown; gbm: { trees: { f: number[] }[] } | null };
    const tree = params.gbm?.trees.find((t) => t.f[0]! >= 0);
    if (tree) tree.f[0] = 999;
    else params.columns = "oops";
    expect(() => parseModel(broken)).toThrow(/tree arrays|columns/);
  });
});
