import { parentPort, workerData } from "node:worker_threads";
import { errorMessage } from "../core/errors.ts";
import { processCases, type BatchInput } from "./process-cases.ts";

/** Worker-thread entry: run one batch and post progress, then the decisions. */
const input = workerData as BatchInput;
let reported = 0;
processCases(input, (done) => {
  if (done - reported >= 25) {
    parentPort?.postMessage({ type: "progress", done: done - reported });
    reported = done;
  }
})
  .then((decisions) => {
    parentPort?.postMessage({ type: "progress", done: decisions.length - reported });
    parentPort?.postMessage({ type: "done", decisions });
  })
  .catch((err: unknown) => parentPort?.postMessage({ type: "error", message: errorMessage(err) }));
