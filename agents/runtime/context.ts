import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AgentName } from "../../cases/schema.ts";
import { AppError } from "../../core/errors.ts";
import { fieldPolicyFor } from "../../crm/field-policies.ts";
import { guardPort } from "../../crm/guard.ts";
import type { CrmPort } from "../../crm/port.ts";
import { createLivePort } from "../../crm/live/port.ts";
import { withConnectionRetry, type Db } from "../../db/pool.ts";
import { parseModel } from "../../models/index.ts";
import type { ModelFile } from "../../models/types.ts";
import type { Citation } from "../shared/decision.ts";
import type { AgentDeps } from "../shared/deps.ts";
import { AgentPolicy, PolicyConfig } from "../shared/policy-config.ts";
import { saveDecision } from "./persist.ts";
import { SELECT_MODEL_FILE, SELECT_PROMOTED_MODEL_ID } from "./sql.ts";

/** What the runtime shares between runs: the db, the optional LLM and knowledge search. */
export interface RuntimeContext {
  db: Db;
  llm?: BaseChatModel | undefined;
  searchKnowledge?: ((tenantId: string, agent: AgentName, query: string, k: number) => Promise<Citation[]>) | undefined;
  now: () => Date;
  /** Observation seams: progress per node (live streaming, metrics) and a port decorator (audit, fault tests). */
  observe?: RuntimeObserver | undefined;
}

export interface RuntimeObserver {
  onNode?(runId: string, node: string): void;
  wrapPort?(port: CrmPort): CrmPort;
}

const modelCache = new Map<string, ModelFile>();

/** The tenant's promoted model for an agent; NOT_FOUND (permanent) when none is promoted. */
export async function promotedModel(db: Db, tenantId: string, agent: AgentName): Promise<ModelFile> {
  // Ask for the id first: the file (often hundreds of kB of trees) is fetched only once per version.
  const { rows } = await db.pool.query<{ id: string }>(SELECT_PROMOTED_MODEL_ID, [tenantId, agent]);
  const id = rows[0]?.id;
  if (!id) {
    throw new AppError("NOT_FOUND", `no promoted ${agent} model for tenant "${tenantId}": fit one (scenario fit / POST /v1/models) and promote it`);
  }
  const cached = modelCache.get(`${tenantId}:${id}`);
  if (cached) return cached;
  const file = (await db.pool.query<{ file: unknown }>(SELECT_MODEL_FILE, [tenantId, id])).rows[0]?.file;
  const model = parseModel(file);
  modelCache.set(`${tenantId}:${id}`, model);
  return model;
}

/** The tenant's policy for an agent (tenant_settings.settings.policy), defaults when unset. */
export async function tenantPolicy(db: Db, tenantId: string, agent: AgentName): Promise<AgentPolicy> {
  const { rows } = await db.pool.query<{ settings: { policy?: unknown } }>(`SELECT settings FROM tenant_settings WHERE tenant_id = $1`, [tenantId]);
  const parsed = PolicyConfig.safeParse(rows[0]?.settings?.policy ?? {});
  return (parsed.success ? parsed.data.agents[agent] : undefined) ?? AgentPolicy.parse({});
}

/** Deps for one live run: the live port at asOf with the agent's field rules. */
export async function liveDeps(
  ctx: RuntimeContext,
  run: { tenantId: string; runId: string; agent: AgentName; asOf: string },
): Promise<AgentDeps> {
  const [model, policy] = await Promise.all([
    withConnectionRetry(() => promotedModel(ctx.db, run.tenantId, run.agent)),
    withConnectionRetry(() => tenantPolicy(ctx.db, run.tenantId, run.agent)),
  ]);
  const live = retryingPort(createLivePort(ctx.db, { tenantId: run.tenantId, asOf: run.asOf }));
  const port = guardPort(ctx.observe?.wrapPort ? ctx.observe.wrapPort(live) : live, fieldPolicyFor(run.agent));
  const search = ctx.searchKnowledge;
  return {
    agent: run.agent,
    tenantId: run.tenantId,
    runId: run.runId,
    port,
    model,
    policy,
    now: ctx.now,
    llm: ctx.llm,
    searchKnowledge: search ? (query, k) => search(run.tenantId, run.agent, query, k) : undefined,
    recordDecision: (record) => saveDecision(ctx.db.pool, record),
  };
}

/**
 * The live port with every call retried on a lost database connection. Safe because each
 * method is a read or `applyAction`, which is idempotent by key (a repeat finds the key
 * and reports the first result); without it a dropped connection would end the run as
 * failed (the tool or the action gives up) instead of costing a few milliseconds.
 */
export function retryingPort(port: CrmPort): CrmPort {
  return {
    mode: port.mode,
    asOf: port.asOf,
    getAccountContext: (id) => withConnectionRetry(() => port.getAccountContext(id)),
    getLeadContext: (id) => withConnectionRetry(() => port.getLeadContext(id)),
    getTicketContext: (id) => withConnectionRetry(() => port.getTicketContext(id)),
    findPeople: (query) => withConnectionRetry(() => port.findPeople(query)),
    listReps: (role) => withConnectionRetry(() => port.listReps(role)),
    lastAssignees: () => withConnectionRetry(() => port.lastAssignees()),
    applyAction: (action, key) => withConnectionRetry(() => port.applyAction(action, key)),
  };
}
