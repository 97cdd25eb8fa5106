import { Command } from "@langchain/langgraph";
import { getAgent } from "../agents/index.ts";
import type { AgentGraph } from "../agents/registry-types.ts";
import type { DecisionRecord } from "../agents/shared/decision.ts";
import { runConfig, type AgentDeps } from "../agents/shared/deps.ts";
import type { AgentPolicy } from "../agents/shared/policy-config.ts";
import type { AgentName, Case } from "../cases/schema.ts";
import type { PeopleQuery } from "../crm/port.ts";
import type { ExistingPerson, Rep } from "../crm/types.ts";
import type { ModelFile } from "../models/types.ts";
import { sandboxAnswer, type SandboxApproval } from "./approver.ts";
import type { FaultInjector } from "./faults.ts";
import { sandboxCheckpointer } from "./checkpoints.ts";
import { Ledger } from "./ledger.ts";
import { guardedSandboxPort } from "./port.ts";

/** A graph compiled once per replay (per worker thread), reused for every case. */
export interface SandboxRunner {
  agent: AgentName;
  run(c: Case): Promise<SandboxOutcome>;
}

export interface SandboxOutcome {
  record: DecisionRecord;
  /** Whether the human veto interrupted and was answered by the sandbox approver. */
  interrupted: boolean;
}

export interface SandboxRunnerOptions {
  agent: AgentName;
  model: ModelFile | undefined;
  policy: AgentPolicy;
  roster: Rep[];
  approval: SandboxApproval;
  findPeople?: ((c: Case, query: PeopleQuery) => ExistingPerson[]) | undefined;
  faults?: FaultInjector | undefined;
  /** Optional LLM drafter (tests, or replays that should exercise the LLM path). */
  llm?: AgentDeps["llm"];
}

/**
 * Run one case through the agent's real compiled graph: real interrupt() at the veto,
 * resumed in-process with the sandbox approver's recorded answer. Checkpoints are kept
 * in memory by reference, only at exit/interrupt (durability "exit"), then dropped.
 */
export function createSandboxRunner(opts: SandboxRunnerOptions): SandboxRunner {
  const checkpoints = sandboxCheckpointer();
  const definition = getAgent(opts.agent);
  const graph: AgentGraph = definition.build(checkpoints.saver);
  return {
    agent: opts.agent,
    async run(c) {
      let record: DecisionRecord | undefined;
      const find = opts.findPeople;
      const port = guardedSandboxPort(c, {
        // One ledger per case: idempotency keys are per run, so an earlier case's writes are
        // never looked up again, and holding them all grew the heap (and GC time) over a replay.
        ledger: new Ledger(),
        roster: opts.roster,
        findPeople: find ? (q) => find(c, q) : undefined,
      });
      const deps: AgentDeps = {
        agent: opts.agent,
        tenantId: "sandbox",
        runId: `replay:${c.id}`,
        port,
        model: opts.model,
        policy: opts.policy,
        now: () => new Date(Date.parse(c.asOf)),
        recordDecision: async (r) => {
          record = r;
        },
        injectFault: opts.faults?.forCase(c.id),
        llm: opts.llm,
      };
      const config = { ...runConfig(c.id, deps), durability: "exit" as const };
      const subject = definition.subjectOf(c);
      try {
        const interrupted = await runUntilPause(graph, { subject, asOf: c.asOf }, config);
        if (interrupted) await runUntilPause(graph, new Command({ resume: sandboxAnswer(opts.approval, c.asOf) }), config);
        if (!record) throw new Error("graph finished without recording a decision");
        return { record, interrupted };
      } finally {
        await checkpoints.release(c.id);
      }
    },
  };
}

/**
 * Run the graph until it ends or pauses; true when it paused at an interrupt. Streams
 * LangGraph's "updates" (each node's own writes, and the interrupt) rather than invoke()'s
 * "values", which assembles the whole state after every node: the record comes from
 * `recordDecision`, so nothing else is read (measured in the README perf notes).
 */
export async function runUntilPause(graph: Pick<AgentGraph, "stream">, input: Record<string, unknown> | Command, config: Record<string, unknown>): Promise<boolean> {
  let interrupted = false;
  for await (const update of await graph.stream(input, { ...config, streamMode: "updates" })) {
    if (typeof update === "object" && update !== null && "__interrupt__" in update) interrupted = true;
  }
  return interrupted;
}
