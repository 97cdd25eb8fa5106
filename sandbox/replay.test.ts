import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticRenewalCases } from "../test/renewal-cases.ts";
import { fitModel } from "../models/index.ts";
import type { ModelFile } from "../models/types.ts";
import { replay } from "./replay.ts";

let dir: string;
let casesFile: string;
let model: ModelFile;

beforeAll(async () => {
  const cases = syntheticRenewalCases(60);
  model = fitModel("renewal-risk", cases, { seed: 7, folds: 3 });
  dir = await mkdtemp(join(tmpdir(), "replay-test-"));
  casesFile = join(dir, "cases.jsonl");
  await writeFile(casesFile, cases.map((c) => JSON.stringify(c)).join("\n"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("replay across threads", () => {
  it("decides every case exactly as the single-threaded replay does, in file order", async () => {
    // Given the same case file replayed in-process and on the main thread plus a worker
    const one = await replay({ agent: "renewal-risk", casesFile, model, threads: 1 });
    const progress: number[] = [];
    const two = await replay({ agent: "renewal-risk", casesFile, model, threads: 2, onProgress: (done) => progress.push(done) });
    // Then no case is lost or duplicated, each decision is the same, and progress reached the end
    const key = (r: typeof one) => r.decisions.map((d) => [d.line, d.id, d.score, d.decision, d.status, d.topFactors]);
    expect(two.cases).toBe(60);
    expect(key(two)).toEqual(key(one));
    expect(two.decisions.every((d) => d.status !== "failed")).toBe(true);
    expect(progress.at(-1)).toBe(60);
    // And the report says what the run cost
    expect(two.cost?.threads).toBe(2);
    expect(two.cost?.cpuMsPerCase).toBeGreaterThan(0);
  }, 120_000);
});
