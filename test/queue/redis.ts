import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { JobQueue, JobInfo } from "../../queue/types.ts";
import type { QueueName } from "../../queue/names.ts";

/** A fresh BullMQ key prefix per test, so tests never see each other's jobs. */
export function freshPrefix(): string {
  return `test-${randomBytes(5).toString("hex")}`;
}

/** Delete every key under a prefix (test cleanup). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Wait until a job is completed or failed (bounded; not a timing assertion). */
export async function settled(queue: JobQueue, name: QueueName, id: string, maxMs = 30_000): Promise<JobInfo> {
  const until = Date.now() + maxMs;
  for (;;) {
    const job = await queue.getJob(name, id);
    if (job && (job.state === "completed" || job.state === "failed")) return job;
    if (Date.now() > until) throw new Error(`job ${name}/${id} did not settle within ${maxMs} ms (state ${job?.state ?? "missing"})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
