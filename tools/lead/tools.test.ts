import { describe, expect, it } from "vitest";
import type { CrmPort, PeopleQuery } from "../../crm/port.ts";
import type { ExistingPerson, Rep } from "../../crm/types.ts";
import { suggestLeadOwnerTool } from "./suggest-owner.ts";
import { getLeadContextTool } from "./context.ts";
import { findLeadDuplicates, findLeadDuplicatesTool } from "./find-duplicates.ts";

/** A port holding a few people and reps; records the queries it receives. */
function fakePort(people: ExistingPerson[], reps: Rep[] = []) {
  const queries: PeopleQuery[] = [];
  const port: CrmPort = {
    mode: "sandbox",
    asOf: "2026-01-01",
    getAccountContext: async () => undefined,
    getLeadContext: async (id) => (id === "L-1" ? { lead: { id: "L-1", name: "Ana" }, activities: [] } : undefined),
    getTicketContext: async () => undefined,
    findPeople: async (q) => {
      queries.push(q);
      return people;
    },
    listReps: async (role) => reps.filter((r) => r.role === role),
    lastAssignees: async () => ({}),
    applyAction: async () => ({ status: "applied", recordId: "x", idempotencyKey: "k" }),
  };
  return { port, queries };
}

describe("find_lead_duplicates", () => {
  it("queries the port with normalised keys and returns the real matches only", async () => {
    const { port, queries } = fakePort([
      { type: "contact", id: "C-1", email: "ana@acme.io" },
      { type: "lead", id: "L-7", name: "Bob Stone", company: "Acme" },
    ]);
    const tool = findLeadDuplicatesTool(port);
    const out = await tool.invoke({ id: "L-9", name: "Ana Ruiz", email: "Ana+x@ACME.io", phone: "612 34 56 78", country: "Spain", company: "Acme Inc." });
    expect(queries[0]).toMatchObject({ excludeId: "L-9", emails: ["ana@acme.io", "ana+x@acme.io"], phones: ["+34612345678"], company: "acme", name: "ana ruiz" });
    expect(out).toMatchObject([{ record: { id: "C-1" }, resolution: "merge" }]);
  });
  it("does not query at all when there is nothing to match on", async () => {
    const { port, queries } = fakePort([]);
    const r = await findLeadDuplicates(port, { id: "L-9", name: "Ana", country: "ES" });
    expect(r.matches).toEqual([]);
    expect(queries).toHaveLength(0);
  });
  it("with no matching person, ties a lead to the account of contacts at the same company", async () => {
    // Given a contact of account A-1 at ACME Inc. (a different person)
    const { port, queries } = fakePort([{ type: "contact", id: "C-1", name: "Maria Lopez", company: "ACME Inc.", accountId: "A-1" }]);
    // When Ana from "Acme" is checked
    const r = await findLeadDuplicates(port, { id: "L-9", name: "Ana Ruiz", company: "Acme", email: "ana@acme.io" });
    // Then she is no duplicate, but belongs with account A-1 (a company-only second query)
    expect(r.matches).toEqual([]);
    expect(r.account).toMatchObject({ accountId: "A-1", via: ["C-1"] });
    expect(queries[1]).toMatchObject({ emails: [], phones: [], company: "acme" });
    expect(queries[1]?.name).toBeUndefined();
  });
  it("describes every input field for the model", () => {
    const tool = findLeadDuplicatesTool(fakePort([]).port);
    expect(tool.name).toBe("find_lead_duplicates");
    const shape = (tool.schema as unknown as { shape: Record<string, { description?: string }> }).shape;
    expect(Object.values(shape).every((f) => typeof f.description === "string" && f.description.length > 10)).toBe(true);
  });
});

describe("suggest_lead_owner and get_lead_context", () => {
  it("suggests an owner from the port's sales reps by territory", async () => {
    const rep = (id: string, territories: string[]): Rep => ({ id, name: id, role: "sales", skills: [], languages: ["en"], territories, senior: false, capacity: 5, load: 0 });
    const { port } = fakePort([], [rep("r-in", ["India"]), rep("r-us", ["US"])]);
    const out = await suggestLeadOwnerTool(port, {}).invoke({ id: "L-1", country: "IN" });
    expect(out).toMatchObject({ status: "assigned", repId: "r-in" });
  });
  it("reports NOT_FOUND for an unknown lead", async () => {
    await expect(getLeadContextTool(fakePort([]).port).invoke({ leadId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
