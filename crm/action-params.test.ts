import { describe, expect, it } from "vitest";
import { LeadCase } from "../cases/schema.ts";
import { Ledger } from "../sandbox/ledger.ts";
import { guardedSandboxPort } from "../sandbox/port.ts";
import type { ProposedAction } from "./types.ts";

const lead = LeadCase.parse({ id: "L-1", agent: "lead-triage", asOf: "2026-01-01", lead: { id: "L-1" }, outcome: { converted: true } });
const link = (params: ProposedAction["params"]): ProposedAction => ({ id: "link_record:1", kind: "link_record", target: { type: "lead", id: "L-1" }, params, summary: "link" });

describe("action parameter contract, enforced in front of every port", () => {
  it("refuses in the sandbox what the live CRM would refuse: a link with no record to link to", async () => {
    const ledger = new Ledger();
    const port = guardedSandboxPort(lead, { ledger, roster: [] });
    await expect(port.applyAction(link({ why: "same company" }), "k1")).rejects.toMatchObject({ code: "INPUT_INVALID" });
    expect(ledger.size).toBe(0);
  });

  it("accepts the spellings agents use (intoId), as the live adapter does", async () => {
    const ledger = new Ledger();
    const port = guardedSandboxPort(lead, { ledger, roster: [] });
    await expect(port.applyAction(link({ intoId: "C-9", intoType: "contact" }), "k2")).resolves.toMatchObject({ status: "applied" });
  });

  it("refuses an assignment without an assignee", async () => {
    const port = guardedSandboxPort(lead, { ledger: new Ledger(), roster: [] });
    const assign: ProposedAction = { id: "assign_owner:1", kind: "assign_owner", target: { type: "lead", id: "L-1" }, params: { why: "x" }, summary: "assign" };
    await expect(port.applyAction(assign, "k3")).rejects.toThrow(/needs params.assignee/);
  });
});
