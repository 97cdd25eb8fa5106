import { createRuntime } from "../agents/runtime/runtime.ts";
import { createBullQueue, startBullWorkers } from "../queue/bullmq.ts";
import { createJobHandlers } from "../queue/handlers.ts";
import type { QueueName } from "../queue/names.ts";
import { openAppDb } from "./database.ts";
import { productionJobServices } from "./services.ts";

/**
 * `scenario worker`, assembled: the database, the agent runtime and BullMQ workers on the
 * given queues. Returns the closers in order (stop taking jobs, then Redis, then the database).
 */
export async function startWorker(opts: { redisUrl: string; queues: QueueName[]; concurrency: number }): Promise<(() => Promise<void>)[]> {
  const db = await openAppDb();
  const runtime = await createRuntime({ db });
  const queue = createBullQueue({ url: opts.redisUrl });
  await queue.scheduleRecurring();
  const pool = startBullWorkers({
    url: opts.redisUrl,
    concurrency: opts.concurrency,
    queues: opts.queues,
    handlers: createJobHandlers(productionJobServices({ db, runtime, queue })),
  });
  return [() => pool.close(), () => queue.close(), () => db.close()];
}
