import { describe, expect, it } from "vitest";
import type { Rep } from "../../crm/types.ts";
import { AssignWeights, pickAssignee } from "./assign.ts";

const settings = { assignWeights: AssignWeights.parse({}) };
const rep = (id: string, over: Partial<Rep> = {}): Rep => ({
  id,
  name: id.toUpperCase(),
  role: "support",
  skills: [],
  languages: ["en"],
  territories: [],
  senior: false,
  capacity: 10,
  load: 0,
  ...over,
});

describe("pickAssignee", () => {
  it("prefers the rep with the queue skill and language, and explains the runner-up", () => {
    // Given a billing specialist who speaks German and a generalist with a lighter load
    const reps = [
      rep("generalist", { languages: ["en", "de"], load: 0 }),
      rep("billing-de", { skills: ["Billing and Payments"], languages: ["de"], load: 5 }),
      rep("billing-en", { skills: ["Billing and Payments"], languages: ["en"], load: 0 }),
    ];
    // When a German billing ticket arrives
    const a = pickAssignee(reps, { queue: "Billing and Payments", language: "de", seniorRequired: false }, settings);
    // Then the German-speaking billing rep wins, the generalist is the runner-up, the English-only rep is ruled out
    expect(a.assignee?.repId).toBe("billing-de");
    expect(a.runnerUp?.repId).toBe("generalist");
    expect(a.assignee!.score).toBeGreaterThan(a.runnerUp!.score);
    expect(a.excluded).toEqual([{ repId: "billing-en", why: 'does not speak "de"' }]);
    expect(a.explanation).toContain("BILLING-DE");
    expect(a.explanation).toContain("over GENERALIST");
  });

  it("counts products named in the ticket text toward a rep's skill", () => {
    const reps = [rep("a", { skills: ["Technical Support"] }), rep("b", { skills: ["Technical Support", "Shopify"] })];
    const a = pickAssignee(reps, { queue: "Technical Support", language: "en", seniorRequired: false, text: "Our Shopify sync fails" }, settings);
    expect(a.assignee?.repId).toBe("b");
    expect(a.assignee?.why).toContain("knows shopify");
  });

  it("weighs load more for an urgent ticket than for a routine one", () => {
    const reps = [rep("skilled-busy", { skills: ["IT"], load: 9 }), rep("free", { load: 0 })];
    const low = pickAssignee(reps, { queue: "IT", language: "en", priority: "low", seniorRequired: false }, settings);
    const urgent = pickAssignee(
      reps,
      { queue: "IT", language: "en", priority: "critical", seniorRequired: false },
      { assignWeights: AssignWeights.parse({ headroom: 1.5 }) },
    );
    expect(low.assignee?.repId).toBe("skilled-busy");
    expect(urgent.assignee?.repId).toBe("free");
  });

  it("skips reps at full capacity and leaves the ticket unassigned with why when all are full", () => {
    const reps = [rep("a", { load: 10 }), rep("b", { load: 12, capacity: 12 }), rep("c", { capacity: 0 })];
    const a = pickAssignee(reps, { queue: "IT", language: "en", seniorRequired: false }, settings);
    expect(a.assignee).toBeNull();
    expect(a.unassignedReason).toBe("nobody fits: 3 reps at capacity");
    expect(a.explanation).toMatch(/^unassigned: /);
  });

  it("takes only seniors for an escalated ticket, and says when none is free", () => {
    const reps = [rep("junior"), rep("senior-full", { senior: true, load: 10 }), rep("senior", { senior: true, load: 3 })];
    const ok = pickAssignee(reps, { queue: "IT", language: "en", seniorRequired: true }, settings);
    expect(ok.assignee?.repId).toBe("senior");
    expect(ok.runnerUp).toBeNull();
    const none = pickAssignee(reps.slice(0, 2), { queue: "IT", language: "en", seniorRequired: true }, settings);
    expect(none.unassignedReason).toBe("nobody fits: 1 rep escalated ticket needs a senior, 1 rep at capacity");
  });

  it("does not require a language nobody on the team speaks, and says so", () => {
    const a = pickAssignee([rep("a")], { queue: "IT", language: "xx", seniorRequired: false }, settings);
    expect(a.assignee?.repId).toBe("a");
    expect(a.assignee?.why).toContain("nobody speaks xx");
  });

  it("reports an empty team", () => {
    const a = pickAssignee([], { queue: "IT", seniorRequired: false }, settings);
    expect(a.unassignedReason).toBe("no support reps in the CRM");
  });
});
