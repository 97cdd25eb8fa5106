import { describe, expect, it } from "vitest";
import { fieldPolicyFor } from "./field-policies.ts";
import { compileDenyList, guardPort } from "./guard.ts";
import type { CrmPort } from "./port.ts";
import type { AccountContext, ActionResult, ProposedAction, TicketContext } from "./types.ts";

/** An adapter that serves fixed records and counts writes, to watch what the guard lets through. */
function fakePort(): CrmPort & { writes: string[]; account: AccountContext } {
  const account: AccountContext = {
    account: {
      id: "A-1", name: "Acme", arr: 24000, paymentMethod: "card",
      attributes: { csm: "j.doe", "Credit Card Number": "4242 4242 4242 4242", IBAN: "DE89 3704", payment_terms: "net30", AnnualSalary: 90000, seats_used: 30 },
    },
    usage: [{ date: "2025-12-01", metric: "logins", value: 120 }],
    tickets: [{ id: "T-1", openedAt: "2025-11-02", subject: "Export broken", csat: 2 }],
    events: [],
  };
  const ticket: TicketContext = {
    ticket: { id: "T-1", subject: "Refund", body: "…", attributes: {} },
    customer: { id: "A-1", tier: "gold", arr: 24000, attributes: { bankAccountNumber: "123", region: "EU" } },
  };
  const writes: string[] = [];
  return {
    mode: "sandbox", asOf: "2026-01-01", writes, account,
    getAccountContext: async () => structuredClone(account),
    getLeadContext: async () => undefined,
    getTicketContext: async () => structuredClone(ticket),
    findPeople: async () => [{ type: "contact", id: "C-1", email: "a@b.io", phone: "+1" }],
    listReps: async () => [],
    lastAssignees: async () => ({}),
    applyAction: async (a: ProposedAction, key: string): Promise<ActionResult> => {
      writes.push(a.kind);
      return { status: "applied", recordId: "r1", idempotencyKey: key };
    },
  };
}

describe("compileDenyList", () => {
  it("matches dotted paths with * inside a segment, ** across segments, ignoring case", () => {
    const deny = compileDenyList(["account.paymentMethod", "**.attributes.*card*"]);
    expect(deny(["account", "paymentMethod"])).toBe(true);
    expect(deny(["account", "PAYMENTMETHOD"])).toBe(true);
    expect(deny(["account", "attributes", "Credit Card Number"])).toBe(true);
    expect(deny(["customer", "attributes", "cardLast4"])).toBe(true);
    expect(deny(["account", "attributes", "csm"])).toBe(false);
    expect(deny(["account", "arr"])).toBe(false);
  });
});

describe("guardPort", () => {
  it("removes payment details and payment-like attributes from a sales-facing agent's reads", async () => {
    // Given lead triage's default policy around any adapter
    const port = guardPort(fakePort(), fieldPolicyFor("lead-triage"));
    // When it reads an account
    const ctx = await port.getAccountContext("A-1");
    // Then how the account pays and every payment/salary-like attribute are gone, the rest is intact
    expect(ctx?.account).toEqual({ id: "A-1", name: "Acme", arr: 24000, attributes: { csm: "j.doe", seats_used: 30 } });
    expect(ctx?.usage).toEqual([{ date: "2025-12-01", metric: "logins", value: 120 }]);
  });

  it("lets renewal risk see how an account pays but never card or bank details", async () => {
    const ctx = await guardPort(fakePort(), fieldPolicyFor("renewal-risk")).getAccountContext("A-1");
    expect(ctx?.account.paymentMethod).toBe("card");
    expect(ctx?.account.attributes).toEqual({ csm: "j.doe", payment_terms: "net30", seats_used: 30 });
  });

  it("hides a ticket customer's bank details from service routing", async () => {
    const ctx = await guardPort(fakePort(), fieldPolicyFor("service-routing")).getTicketContext("T-1");
    expect(ctx?.customer).toEqual({ id: "A-1", tier: "gold", arr: 24000, attributes: { region: "EU" } });
  });

  it("records every field the agent was given, for the decision log", async () => {
    const port = guardPort(fakePort(), { agent: "lead-triage", denyRead: ["person.phone"], allowWrite: [] });
    await port.findPeople({ excludeId: "L-1", emails: [], phones: [] });
    expect(port.fieldsRead()).toEqual(["person.email", "person.id", "person.type"]);
  });

  it("refuses action kinds outside the policy, whatever the caller claims, and writes nothing", async () => {
    // Given service routing, which may route tickets but not offer discounts
    const inner = fakePort();
    const port = guardPort(inner, fieldPolicyFor("service-routing"));
    const action = { id: "x:1", kind: "offer_discount", target: { type: "account", id: "A-1" }, params: { percent: 30 }, summary: "30% off" } as const;
    // When a tool (or a prompt-injected plan) asks for it anyway
    await expect(port.applyAction(action, "k1")).rejects.toMatchObject({ code: "FIELD_FORBIDDEN", details: { agent: "service-routing", kind: "offer_discount" } });
    // Then nothing reached the adapter, while an allowed kind goes through
    expect(inner.writes).toEqual([]);
    await port.applyAction({ ...action, kind: "route_ticket", target: { type: "ticket", id: "T-1" }, params: { queue: "Billing" } }, "k2");
    expect(inner.writes).toEqual(["route_ticket"]);
  });

  it("cannot be walked around through the returned objects or the policy it was given", async () => {
    const inner = fakePort();
    const policy = fieldPolicyFor("lead-triage");
    const port = guardPort(inner, policy);
    // When a caller mutates what it got back and loosens the policy object after the fact
    const first = await port.getAccountContext("A-1");
    if (first?.account.attributes) first.account.attributes.IBAN = "leaked?";
    policy.denyRead.length = 0;
    policy.allowWrite.push("offer_discount");
    // Then the next read is still redacted and the write still refused
    const again = await port.getAccountContext("A-1");
    expect(again?.account.attributes).not.toHaveProperty("IBAN");
    expect(again?.account).not.toHaveProperty("paymentMethod");
    await expect(port.applyAction({ id: "d:1", kind: "offer_discount", target: { type: "account", id: "A-1" }, params: {}, summary: "" }, "k")).rejects.toMatchObject({ code: "FIELD_FORBIDDEN" });
    // And the adapter's own records were never touched
    expect(inner.account.account.attributes?.IBAN).toBe("DE89 3704");
  });
});
