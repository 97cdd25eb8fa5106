import type { Context } from "hono";
import { AppError } from "../../core/errors.ts";
import type { QueueName } from "../../queue/names.ts";
import type { JobInfo } from "../../queue/types.ts";
import type { AppEnv } from "../deps.ts";

/** A job of the caller's tenant, or 404 (another tenant's job does not exist for you). */
export async function tenantJob(c: Context<AppEnv>, queue: QueueName, id: string): Promise<JobInfo> {
  const job = await c.get("deps").queue.getJob(queue, id);
  const data = job?.data as { tenantId?: unknown } | undefined;
  if (!job || data?.tenantId !== c.get("principal").tenantId) throw new AppError("NOT_FOUND", `No ${queue} job ${id} in this tenant.`);
  return job;
}

/** What a client sees of a job: no payload (it may be large), the result once done. */
export function jobView(job: JobInfo): Omit<JobInfo, "data"> {
  const { data: _data, ...rest } = job;
  return rest;
}
