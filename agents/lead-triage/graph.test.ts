import { Command, MemorySaver } from "@langchain/langgraph";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiStub, type OpenAiStub, type StubReply, type StubRequest } from "../../test/openai-stub.ts";
import type { LeadCase } from "../../cases/schema.ts";
import { fitModel } from "../../models/index.ts";
import type { BinaryModelFile } from "../../models/types.ts";
import { Ledger } from "../../sandbox/ledger.ts";
import { peopleFinderFor } from "../../sandbox/people.ts";
import { guardedSandboxPort } from "../../sandbox/port.ts";
import { defaultRoster } from "../../sandbox/roster.ts";
import type { Rep } from "../../crm/types.ts";
import type { DecisionRecord } from "../shared/decision.ts";
import { runConfig, type AgentDeps } from "../shared/deps.ts";
import { AgentPolicy } from "../shared/policy-config.ts";
import { buildLeadTriageGraph } from "./graph.ts";

/** History where webinar leads from big companies mostly convert (with noise, as real history has). */
function history(n: number): LeadCase[] {
  return Array.from({ length: n }, (_, i) => {
    const good = i % 3 === 0;
    return {
      id: `H-${i}`, agent: "lead-triage", asOf: "2025-06-01",
      lead: { id: `H-${i}`, source: good ? "webinar" : "cold list", country: "ES", attributes: { employees: good ? 500 + i : 5 + (i % 7) } },
      activities: [], outcome: { converted: good ? i % 9 !== 3 : i % 7 === 0 },
    };
  });
}

const ana = (over: Partial<LeadCase["lead"]> = {}, asOf = "2026-01-02"): LeadCase => ({
  id: over.id ?? "L-2", agent: "lead-triage", asOf,
  lead: { id: over.id ?? "L-2", name: "Ana Ruiz", email: "ana+webinar@acme.io", phone: "612 34 56 78", company: "Acme Inc.", title: "CTO", source: "webinar", country: "Spain", attributes: { employees: 800 }, ...over },
  activities: [{ at: "2026-01-01", type: "page_view", value: 3, detail: "/pricing" }],
});

let model: BinaryModelFile;
beforeAll(() => {
  const fitted = fitModel("lead-triage", history(90), { seed: 1, folds: 3 });
  if (fitted.kind !== "binary") throw new Error("expected a binary model");
  model = fitted;
});

/** Run one case through the real graph in the sandbox; resume the veto with `answer` when asked. */
async function run(c: LeadCase, all: LeadCase[], answer: "approve" | "reject", opts: { roster?: Rep[]; settings?: Record<string, unknown>; llm?: ChatOpenAI; peopleDown?: boolean } = {}) {
  const ledger = new Ledger();
  const finder = peopleFinderFor("lead-triage", all);
  const sandbox = guardedSandboxPort(c, { ledger, roster: opts.roster ?? defaultRoster(), findPeople: finder && ((q) => finder(c, q)) });
  const port = opts.peopleDown ? { ...sandbox, findPeople: async () => Promise.reject(new Error("CRM search timed out")) } : sandbox;
  let record: DecisionRecord | undefined;
  const deps: AgentDeps = {
    agent: "lead-triage", tenantId: "t1", runId: `run-${c.id}`, port, model,
    policy: AgentPolicy.parse({ settings: opts.settings ?? {} }),
    now: () => new Date(Date.parse(c.asOf)),
    recordDecision: async (r) => { record = r; },
    llm: opts.llm,
  };
  const graph = buildLeadTriageGraph(new MemorySaver());
  const config = runConfig(c.id, deps);
  const first = await graph.invoke({ subject: { type: "lead", id: c.lead.id }, asOf: c.asOf }, config);
  const interrupt = (first as { __interrupt__?: { value: unknown }[] }).__interrupt__?.[0]?.value as { proposedActions: { kind: string }[]; reason: string } | undefined;
  if (interrupt) {
    await graph.invoke(new Command({ resume: { answer, by: "maria", role: "manager", reasonCode: answer === "approve" ? "agree" : "wrong_action", at: c.asOf } }), config);
  }
  if (!record) throw new Error("no decision recorded");
  return { record, interrupt, ledger };
}

describe("lead-triage graph in the sandbox", () => {
  it("merges a lead into an earlier case with the same email after a person approves", async () => {
    // Given an earlier case for ana@acme.io and a new lead for ANA+webinar@acme.io
    const earlier = ana({ id: "L-1", email: "ana@acme.io", phone: undefined }, "2026-01-01");
    const later = ana();
    // When the later one is triaged and the veto approved
    const { record, interrupt, ledger } = await run(later, [later, earlier], "approve");
    // Then the person saw a merge into L-1, the ledger holds it, and the decision says why
    expect(interrupt?.proposedActions.map((a) => a.kind)).toEqual(["merge_record"]);
    expect(record.details.duplicateOf).toBe("lead:L-1");
    expect(record.evidence.some((e) => e.source === "dedupe" && e.text.includes("same email ana@acme.io"))).toBe(true);
    expect(ledger.list().map((e) => [e.action.kind, e.action.params.intoId])).toEqual([["merge_record", "L-1"]]);
    expect(record.status).toBe("completed");
    expect(record.approvals[0]).toMatchObject({ by: "maria", answer: "approve" });
  });

  it("triages a new lead: score, grade, owner, drafted (unsent) first touch; nothing applied when rejected", async () => {
    const c = ana({ id: "L-5", email: "new@globex.io", company: "Globex" });
    // Cut-offs from the policy settings: anything above 1% is an A here.
    const { record, interrupt, ledger } = await run(c, [c], "reject", { settings: { grades: { A: 0.01, B: 0.005, C: 0.001 } } });
    expect(["prioritise", "nurture"]).toContain(record.decision);
    expect(record.score).toBeGreaterThan(0.01);
    expect(record.topFactors.length).toBeGreaterThan(0);
    expect(record.details.grade).toBe("A");
    expect(record.details.assignee).toBe("rep-emea");
    expect(interrupt?.proposedActions.map((a) => a.kind)).toEqual(["assign_owner", "draft_email", "call"]);
    expect(record.brief?.text).toContain("Hi Ana,");
    expect(record.brief?.text).toContain("As CTO at Globex, you were looking at pricing");
    expect(record.brief?.drafter).toBe("offline");
    expect(record.status).toBe("rejected");
    expect(ledger.size).toBe(0);
  });

  it("drafts no email for a do-not-email lead", async () => {
    const c = ana({ id: "L-6", email: "x@initech.io", company: "Initech", attributes: { employees: 800, "Do Not Email": "Yes" } });
    const { record } = await run(c, [c], "approve");
    expect(record.proposedActions.some((a) => a.kind === "draft_email")).toBe(false);
    expect(record.brief).toBeNull();
    expect(record.details.firstTouch).toEqual({ skipped: "no email: Do Not Email = Yes" });
  });

  it("escalates when every eligible rep is at full capacity", async () => {
    const full: Rep[] = [{ id: "rep-es", name: "Es Sales", role: "sales", skills: [], languages: ["es"], territories: ["ES"], senior: false, capacity: 2, load: 2 }];
    const c = ana({ id: "L-7", email: "y@hooli.io", company: "Hooli" });
    const { record, ledger } = await run(c, [c], "approve", { roster: full });
    expect(record.details.assignee).toBeNull();
    const escalate = record.proposedActions.find((a) => a.kind === "escalate");
    expect(escalate?.params.reason).toBe("unassigned: all 1 eligible reps are at full capacity (Es Sales 2/2)");
    expect(ledger.list().map((e) => e.action.kind)).toContain("escalate");
  });
});

describe("lead-triage with bad input", () => {
  it("still triages a lead with no email, phone, company or known country, and says what was missing", async () => {
    const c: LeadCase = { id: "L-8", agent: "lead-triage", asOf: "2026-01-02", lead: { id: "L-8", country: "Atlantis", phone: "612" }, activities: [] };
    const { record } = await run(c, [c], "approve");
    expect(record.status).toBe("completed");
    expect(record.evidence.filter((e) => e.source === "input").map((e) => e.text)).toEqual([
      "country: unknown 'Atlantis'",
      "phone: '612' is not a valid number (no country to read it in)",
      "contact: no usable email, phone or name",
    ]);
    // No known territory: only the catch-all rep can take it.
    expect(record.details.assignee).toBe("rep-global");
    expect(record.details.duplicateOf).toBeNull();
  });
});

describe("lead-triage when the CRM search fails", () => {
  it("retries, then triages without dedupe and says so instead of dropping the lead", async () => {
    const c = ana({ id: "L-12", email: "w@vandelay.io", company: "Vandelay" });
    const { record } = await run(c, [c], "approve", { peopleDown: true });
    expect(record.status).toBe("completed");
    expect(record.details.duplicateOf).toBeNull();
    expect(record.errors.some((e) => e.includes("triaged without dedupe"))).toBe(true);
    expect(record.executed.map((e) => e.kind)).toContain("assign_owner");
  });
});

describe("first touch through an OpenAI-compatible server (local stub)", () => {
  let stub: OpenAiStub;
  let script: (req: StubRequest, n: number) => StubReply;
  beforeAll(async () => {
    stub = await startOpenAiStub((req, n) => script(req, n));
  });
  afterAll(() => stub.close());

  const llm = () => new ChatOpenAI({ model: "stub-model", apiKey: "test", timeout: 2000, maxRetries: 0, configuration: { baseURL: stub.url } });
  const answer = (json: unknown) => (req: StubRequest): StubReply => {
    const tools = req.body.tools as { function: { name: string } }[] | undefined;
    const text = JSON.stringify(json);
    return tools?.length ? { kind: "chat", toolCall: { name: tools[0]!.function.name, arguments: text } } : { kind: "chat", content: text };
  };
  const grades = { grades: { A: 0.03, B: 0.02, C: 0.01 } };

  it("drafts with the LLM's structured email when the reply is valid", async () => {
    script = answer({ subject: "Acme and your pricing questions", body: "Hi Ana, thanks for joining the webinar. Would a short call this week help you compare plans?" });
    const c = ana({ id: "L-10", email: "z@pied.io", company: "Pied Piper" });
    const { record } = await run(c, [c], "approve", { llm: llm(), settings: grades });
    expect(record.brief).toMatchObject({ drafter: "llm", promptVersion: "lead-first-touch/1" });
    expect(record.proposedActions.find((a) => a.kind === "draft_email")?.params).toMatchObject({ subject: "Acme and your pricing questions", drafter: "llm", send: false });
    expect(JSON.stringify(stub.requests.at(-1)?.body)).toContain("Pied Piper");
  });

  it("falls back to the offline drafter on a malformed reply and says so", async () => {
    script = answer({ text: "not the schema" });
    const c = ana({ id: "L-11", email: "q@pied.io", company: "Pied Piper" });
    const { record } = await run(c, [c], "approve", { llm: llm(), settings: grades });
    expect(record.brief?.drafter).toBe("offline");
    expect(record.brief?.fallbackReason).toBeTruthy();
    expect(record.brief?.text).toContain("Hi Ana,");
    expect(record.errors.join(" ")).toMatch(/fell back to the offline drafter/);
  });
});
