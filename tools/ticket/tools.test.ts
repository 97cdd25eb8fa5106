import { describe, expect, it } from "vitest";
import { AssignWeights } from "./assign.ts";
import type { CrmPort } from "../../crm/port.ts";
import type { Rep, TicketContext } from "../../crm/types.ts";
import { getTicketContextTool } from "./context.ts";
import { detectTicketSentimentTool } from "./detect-sentiment.ts";
import { suggestTicketAssigneeTool } from "./suggest-assignee.ts";

const support = (id: string, over: Partial<Rep>): Rep => ({
  id, name: id, role: "support", skills: [], languages: ["en"], territories: [], senior: false, capacity: 5, load: 0, ...over,
});

function fakePort(ctx: TicketContext | undefined, reps: Rep[]): CrmPort {
  const none = async () => undefined;
  return {
    mode: "sandbox",
    asOf: "2026-01-01",
    getAccountContext: none,
    getLeadContext: none,
    getTicketContext: async (id) => (ctx && ctx.ticket.id === id ? ctx : undefined),
    findPeople: async () => [],
    listReps: async (role) => reps.filter((r) => r.role === role),
    lastAssignees: async () => ({}),
    applyAction: async () => {
      throw new Error("tools never write");
    },
  };
}

describe("ticket tools", () => {
  const ctx: TicketContext = { ticket: { id: "T-1", subject: "Hilfe", body: "Frechheit!", language: "de" }, customer: { tier: "gold" } };

  it("get_ticket_context returns the ticket and reports an unknown id as NOT_FOUND", async () => {
    const t = getTicketContextTool(fakePort(ctx, []));
    expect(t.name).toBe("get_ticket_context");
    expect(await t.invoke({ ticketId: "T-1" })).toEqual(ctx);
    await expect(t.invoke({ ticketId: "T-2" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("detect_ticket_sentiment reports the cue", async () => {
    const r = await detectTicketSentimentTool().invoke({ body: "Das ist eine Frechheit" });
    expect(r.cues.map((c) => c.id)).toEqual(["de:frechheit"]);
  });

  it("suggest_ticket_assignee only considers support reps and validates its input", async () => {
    const reps = [support("s1", { skills: ["Billing"] }), { ...support("sales", { skills: ["Billing"] }), role: "sales" as const }];
    const t = suggestTicketAssigneeTool(fakePort(ctx, reps), { assignWeights: AssignWeights.parse({}) });
    const a = await t.invoke({ queue: "Billing", language: "en", seniorRequired: false });
    expect(a.assignee?.repId).toBe("s1");
    expect(a.runnerUp).toBeNull();
    await expect(t.invoke({ queue: "", seniorRequired: false })).rejects.toThrow();
  });

  it("every tool field is described for the model", () => {
    const port = fakePort(ctx, []);
    for (const t of [getTicketContextTool(port), detectTicketSentimentTool(), suggestTicketAssigneeTool(port, { assignWeights: AssignWeights.parse({}) })]) {
      expect(t.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      const shape = (t.schema as unknown as { shape: Record<string, { description?: string }> }).shape;
      for (const [field, s] of Object.entries(shape)) expect(s.description, `${t.name}.${field}`).toBeTruthy();
    }
  });
});
