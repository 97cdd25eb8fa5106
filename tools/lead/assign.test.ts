import { describe, expect, it } from "vitest";
import type { Rep } from "../../crm/types.ts";
import { advanceCursor, assignLead, DEFAULT_ASSIGNMENT, type RoundRobinCursor } from "./assign.ts";

const rep = (id: string, p: Partial<Rep> = {}): Rep => ({
  id, name: id.toUpperCase(), role: "sales", skills: [], languages: ["en"], territories: [], senior: false, capacity: 10, load: 0, ...p,
});
const settings = { ...DEFAULT_ASSIGNMENT, regions: { EMEA: ["ES", "Germany"], APAC: ["India", "SG"] } };

describe("assignLead: rules", () => {
  it("assigns within the lead's territory, by country or by region", () => {
    const reps = [rep("r-us", { territories: ["US"] }), rep("r-emea", { territories: ["EMEA"] })];
    expect(assignLead({ country: "DE" }, reps, {}, settings)).toMatchObject({ status: "assigned", repId: "r-emea" });
    expect(assignLead({ country: "US" }, reps, {}, settings)).toMatchObject({ status: "assigned", repId: "r-us" });
  });
  it("requires the product skill and the language when the lead has them", () => {
    const reps = [
      rep("r-1", { skills: ["GTX Pro"], languages: ["en"] }),
      rep("r-2", { skills: ["MG Advanced"], languages: ["es"] }),
      rep("r-3", { skills: ["MG Advanced"], languages: ["en"] }),
    ];
    const a = assignLead({ attributes: { product: "MG Advanced", language: "en" } }, reps, {}, settings);
    expect(a).toMatchObject({ status: "assigned", repId: "r-3" });
    expect(a.why).toContain("sells MG Advanced");
  });
  it("prefers reps who name the territory over catch-all reps, who take the overflow", () => {
    const reps = [rep("r-any"), rep("r-es", { territories: ["ES"] })];
    expect(assignLead({ country: "ES" }, reps, {}, settings, "seed-1")).toMatchObject({ repId: "r-es" });
    const full = [rep("r-any"), rep("r-es", { territories: ["ES"], load: 10 })];
    expect(assignLead({ country: "ES" }, full, {}, settings, "seed-1")).toMatchObject({ repId: "r-any" });
  });
  it("treats a rep with no listed skills as a generalist for any product", () => {
    const reps = [rep("r-1", { skills: ["GTX Pro"] }), rep("r-2")];
    expect(assignLead({ attributes: { product: "MG Advanced" } }, reps, {}, settings)).toMatchObject({ repId: "r-2" });
  });
  it("matches configured attribute territories (e.g. a regional office)", () => {
    const reps = [rep("r-w", { territories: ["West"] }), rep("r-e", { territories: ["East"] })];
    const s = { ...settings, territoryFields: ["regionalOffice"] };
    expect(assignLead({ attributes: { regionalOffice: "East" } }, reps, {}, s)).toMatchObject({ repId: "r-e" });
  });
});

describe("assignLead: nobody fits", () => {
  it("says unassigned and why when everyone eligible is at full capacity", () => {
    // Given two reps covering Spain, both full
    const reps = [rep("r-1", { territories: ["ES"], capacity: 5, load: 5 }), rep("r-2", { territories: ["ES"], capacity: 3, load: 4 })];
    // When a Spanish lead arrives
    const a = assignLead({ country: "ES" }, reps, {}, settings);
    // Then nobody is picked and the reason names the reps and their load
    expect(a).toEqual({ status: "unassigned", why: "unassigned: all 2 eligible reps are at full capacity (R-1 5/5, R-2 4/3)" });
  });
  it("explains missing territory, product and language coverage", () => {
    const reps = [rep("r-1", { territories: ["US"], skills: ["GTX"], languages: ["en"] })];
    expect(assignLead({ country: "IN" }, reps, {}, settings).why).toBe("unassigned: no sales rep covers IN");
    expect(assignLead({ country: "US", attributes: { product: "MG" } }, reps, {}, settings).why).toBe("unassigned: no rep covering US sells MG");
    expect(assignLead({ country: "US", attributes: { language: "de" } }, reps, {}, settings).why).toBe("unassigned: no rep covering US speaks 'de'");
    expect(assignLead({ country: "US" }, [], {}, settings).why).toBe("unassigned: no sales reps configured");
  });
  it("only routes a lead with no country to reps who cover anywhere", () => {
    expect(assignLead({}, [rep("r-1", { territories: ["US"] })], {}, settings).status).toBe("unassigned");
    expect(assignLead({}, [rep("r-1", { territories: ["US"] }), rep("r-any")], {}, settings)).toMatchObject({ repId: "r-any" });
  });
});

describe("assignLead: round-robin", () => {
  it("spreads consecutive leads evenly across eligible reps", () => {
    const reps = [rep("r-c"), rep("r-a"), rep("r-b")];
    let cursor: RoundRobinCursor = {};
    const picks: string[] = [];
    for (let i = 0; i < 9; i++) {
      const a = assignLead({ country: "US" }, reps, cursor, settings);
      if (a.status === "assigned") picks.push(a.repId);
      cursor = advanceCursor(cursor, a);
    }
    expect(picks).toEqual(["r-a", "r-b", "r-c", "r-a", "r-b", "r-c", "r-a", "r-b", "r-c"]);
  });
  it("skips a full rep without losing the rotation, and is deterministic for a given cursor", () => {
    const reps = [rep("r-a"), rep("r-b", { load: 10 }), rep("r-c")];
    const cursor = { "r-a,r-b,r-c": "r-a" };
    const first = assignLead({}, reps, cursor, settings);
    expect(first).toMatchObject({ repId: "r-c" });
    expect(assignLead({}, reps, cursor, settings)).toEqual(first);
  });
});

describe("assignLead: no cursor yet", () => {
  it("spreads independent runs by a stable hash of the lead id", () => {
    const reps = [rep("r-a"), rep("r-b"), rep("r-c")];
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const a = assignLead({}, reps, {}, settings, `lead-${i}`);
      if (a.status === "assigned") counts.set(a.repId, (counts.get(a.repId) ?? 0) + 1);
    }
    // Every rep gets a real share (not all on the first rep) …
    expect([...counts.values()].every((n) => n > 60)).toBe(true);
    // … and the same lead always lands on the same rep.
    expect(assignLead({}, reps, {}, settings, "lead-7")).toEqual(assignLead({}, reps, {}, settings, "lead-7"));
  });
});
