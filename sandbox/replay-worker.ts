import { parentPort, workerData } from "node:worker_threads";
import type { LocatedCase } from "../cases/reader.ts";
import type { Case } from "../cases/schema.ts";
import { errorMessage } from "../core/errors.ts";
import { createCaseProcessor, type BatchInput } from "./process-cases.ts";
import type { ReplayDecision } from "./types.ts";

/** Parent → worker: a chunk of cases to run, or the end of the work. */
export type ToWorker = { type: "chunk"; cases: LocatedCase<Case>[] } | { type: "end" };
/** Worker → parent: a finished chunk, or why the worker cannot go on. */
export type FromWorker = { type: "chunk-done"; decisions: ReplayDecision[] } | { type: "error"; message: string };

/**
 * Worker-thread entry: compile the graph once, then run the chunks the parent hands out
 * (pulled one at a time, so a slow or late-starting thread simply takes fewer).
 */
const port = parentPort;
if (!port) throw new Error("replay-worker must run in a worker thread");
const input = workerData as Omit<BatchInput, "cases">;
const processor = createCaseProcessor(input);
let queue: Promise<void> = Promise.resolve();
port.on("message", (m: ToWorker) => {
  if (m.type === "end") {
    queue = queue.then(() => port.close());
    return;
  }
  queue = queue
    .then(async () => port.postMessage({ type: "chunk-done", decisions: await processor(m.cases) } satisfies FromWorker))
    .catch((err: unknown) => port.postMessage({ type: "error", message: errorMessage(err) } satisfies FromWorker));
});
