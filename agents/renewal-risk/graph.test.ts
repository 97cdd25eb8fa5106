import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RenewalCase } from "../../cases/schema.ts";
import { fitModel } from "../../models/index.ts";
import type { BinaryModelFile } from "../../models/types.ts";
import { faultInjector } from "../../sandbox/faults.ts";
import { createSandboxRunner } from "../../sandbox/run-case.ts";
import { startOpenAiStub, type OpenAiStub, type StubReply, type StubRequest } from "../../test/openai-stub.ts";
import { AgentPolicy } from "../shared/policy-config.ts";
import { syntheticRenewalCases } from "../../test/renewal-cases.ts";

const cases = syntheticRenewalCases(80);
let model: BinaryModelFile;

beforeAll(() => {
  model = fitModel("renewal-risk", cases, { seed: 7, folds: 3 }) as BinaryModelFile;
});

const runner = (approval: "approve" | "reject" = "approve", llm?: ChatOpenAI) =>
  createSandboxRunner({ agent: "renewal-risk", model, policy: AgentPolicy.parse({}), roster: [], approval, llm });

const risky = () => cases.find((c) => c.id === "A-2")!;

describe("renewal-risk graph in the sandbox", () => {
  it("alerts on an at-risk account, briefs with numbers, stops at the veto and executes what was approved", async () => {
    // Given an account whose usage fell and who escalated a ticket
    // When it runs through the whole graph with the sandbox approver approving
    const { record, interrupted } = await runner("approve").run(risky());
    // Then the human veto interrupted, the approval is on the record, and effects ran once
    expect(interrupted).toBe(true);
    expect(record).toMatchObject({ agent: "renewal-risk", decision: "alert", status: "completed", mode: "sandbox" });
    expect(record.approvals[0]).toMatchObject({ by: "sandbox-approver", answer: "approve" });
    expect(record.executed.map((e) => e.kind)).toContain("create_task");
    expect(record.executed.every((e) => e.idempotencyKey.endsWith(e.actionId))).toBe(true);
    expect(record.brief?.text).toMatch(/Account 2 is at (high|medium) renewal risk/);
    expect(record.brief?.text).toMatch(/renewal in 40 days/);
    expect(record.topFactors.length).toBeGreaterThan(0);
    expect(record.fieldsRead).toEqual(expect.arrayContaining(["account.arr", "usage.value"]));
    expect(Object.keys(record.timings)).toEqual(expect.arrayContaining(["load_context", "score_account", "human_veto", "execute_actions"]));
  });

  it("a save offer always waits for a manager", async () => {
    const { record } = await runner("approve").run(risky());
    const offer = record.gate.find((g) => g.actionId.startsWith("offer_discount"));
    if (offer) expect(offer).toMatchObject({ verdict: "ask", approverRole: "manager" });
    expect(record.gate.every((g) => g.verdict !== "auto")).toBe(true);
  });

  it("a rejection executes nothing and says so", async () => {
    const { record } = await runner("reject").run(risky());
    expect(record.status).toBe("rejected");
    expect(record.executed).toEqual([]);
  });

  it("records a healthy account without brief or actions", async () => {
    const { record, interrupted } = await runner().run(cases.find((c) => c.id === "A-1")!);
    expect(interrupted).toBe(false);
    expect(record).toMatchObject({ decision: "no_alert", proposedActions: [], brief: null, status: "completed" });
  });

  it("cannot see the future: rows after asOf do not change the decision", async () => {
    const base = risky();
    const future = RenewalCase.parse({
      ...base,
      usage: [...base.usage, { date: "2026-01-20", metric: "logins", value: 10_000 }],
      tickets: [...base.tickets, { id: "T-future", openedAt: "2026-01-05", escalated: true }],
      events: [...base.events, { at: "2026-01-03", type: "renewed" }],
    });
    const a = await runner().run(base);
    const b = await runner().run(future);
    expect(b.record.score).toBe(a.record.score);
    expect(b.record.topFactors).toEqual(a.record.topFactors);
  });

  it("records a run whose CRM tool keeps failing as failed, with each attempt, instead of crashing", async () => {
    const faults = faultInjector({ toolErrorRate: 1, toolTimeoutRate: 0, malformedModelReplyRate: 0, seed: 1 });
    const flaky = createSandboxRunner({ agent: "renewal-risk", model, policy: AgentPolicy.parse({}), roster: [], approval: "approve", faults });
    const { record } = await flaky.run(risky());
    expect(record.status).toBe("failed");
    expect(record.score).toBeNull();
    expect(record.errors.join(" ")).toMatch(/get_account_context failed after 3 attempts/);
  });
});

describe("renewal brief through an OpenAI-compatible server (local stub)", () => {
  let stub: OpenAiStub;
  let script: (req: StubRequest, n: number) => StubReply;
  beforeAll(async () => {
    stub = await startOpenAiStub((req, n) => script(req, n));
  });
  afterAll(() => stub.close());

  const llm = (timeout = 2000) => new ChatOpenAI({ model: "stub-model", apiKey: "test", timeout, maxRetries: 1, configuration: { baseURL: stub.url } });
  const answer = (json: unknown) => (req: StubRequest): StubReply => {
    const tools = req.body.tools as { function: { name: string } }[] | undefined;
    const text = JSON.stringify(json);
    return tools?.length ? { kind: "chat", toolCall: { name: tools[0]!.function.name, arguments: text } } : { kind: "chat", content: text };
  };

  it("uses the LLM's structured brief when the reply is valid", async () => {
    script = answer({ brief: "Account 2 is slipping: logins down, an escalated ticket, renewal in 40 days. Book a QBR now.", citedSources: [] });
    const { record } = await runner("approve", llm()).run(risky());
    expect(record.brief).toMatchObject({ drafter: "llm", promptVersion: "renewal-brief/1" });
    expect(record.brief?.text).toMatch(/slipping/);
    const sent = JSON.stringify(stub.requests.at(-1)?.body);
    expect(sent).toContain("Account 2");
  });

  it("falls back to the offline drafter on a malformed reply and says so", async () => {
    script = answer({ summary: "not the schema" });
    const { record } = await runner("approve", llm()).run(risky());
    expect(record.brief).toMatchObject({ drafter: "offline" });
    expect(record.brief?.fallbackReason).toBeTruthy();
    expect(record.errors.join(" ")).toMatch(/fell back to the offline drafter/);
  });

  it("retries a server error, then falls back", async () => {
    const before = stub.requests.length;
    script = () => ({ kind: "error", status: 500, message: "boom" });
    const { record } = await runner("approve", llm()).run(risky());
    expect(stub.requests.length - before).toBe(2);
    expect(record.brief?.drafter).toBe("offline");
  });

  it("gives up on a hung server after the timeout and still decides", async () => {
    script = () => ({ kind: "hang" });
    const { record } = await runner("approve", llm(300)).run(risky());
    expect(record.brief?.drafter).toBe("offline");
    expect(record.brief?.fallbackReason).toMatch(/LLM call failed/);
    expect(record.status).toBe("completed");
  });
});
