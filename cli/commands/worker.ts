import { config } from "../../config/index.ts";
import { AppError } from "../../core/errors.ts";
import { isQueueName, QUEUE_NAMES, type QueueName } from "../../queue/names.ts";
import { parseFlags, usageError } from "../args.ts";
import { runUntilSignal } from "../shutdown.ts";

const USAGE = "scenario worker [--queues agent-runs,ingestion,…] [--concurrency N]";

/**
 * `scenario worker`: processes BullMQ jobs until SIGTERM/SIGINT, then lets running jobs
 * finish and exits. Start as many as needed on as many machines as needed, against one
 * Redis and one Postgres: jobId = runId and the runtime's idempotent executeRun mean a run
 * executes once; a killed worker's job is picked up by another after its lock expires.
 */
export async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags(args, { queues: { type: "string" }, concurrency: { type: "string" }, help: { type: "boolean", short: "h", default: false } }, USAGE);
  if (v.help) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return 0;
  }
  const c = config();
  if (!c.REDIS_URL) {
    throw new AppError(
      "CONFIG_INVALID",
      "scenario worker needs REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379). Without Redis, `scenario serve` runs jobs inline and no worker is needed.",
    );
  }
  const queues = v.queues ? v.queues.split(",").map((s) => s.trim()) : [...QUEUE_NAMES];
  const unknown = queues.filter((q) => !isQueueName(q));
  if (unknown.length > 0) throw usageError(`unknown queue(s) ${unknown.join(", ")}; queues are ${QUEUE_NAMES.join(", ")}`, USAGE);
  const concurrency = v.concurrency ? Number(v.concurrency) : c.WORKER_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw usageError(`--concurrency must be an integer from 1 to 256`, USAGE);

  const { startWorker } = await import("../../app/worker.ts");
  const closers = await startWorker({ redisUrl: c.REDIS_URL, queues: queues as QueueName[], concurrency });
  process.stderr.write(`scenario worker: processing ${queues.join(", ")} with concurrency ${concurrency} (Ctrl-C or SIGTERM to stop)\n`);
  return runUntilSignal("worker", "worker stopping: waiting for running jobs", closers);
}
