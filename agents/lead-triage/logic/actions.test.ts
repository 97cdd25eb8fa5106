import { describe, expect, it } from "vitest";
import type { Assignment } from "../../../tools/lead/assign.ts";
import { proposeLeadActions, type ActionInput } from "./actions.ts";
import { readConsent } from "./consent.ts";
import type { DuplicateMatch } from "../../../tools/lead/dedupe.ts";

const assigned: Assignment = { status: "assigned", repId: "rep-emea", repName: "Emea Sales", why: "covers ES", poolKey: "rep-emea", eligible: ["rep-emea"] };
const base: ActionInput = {
  subject: { type: "lead", id: "L-1" },
  leadName: "Ana Ruiz",
  duplicates: [],
  grade: "A",
  assignment: assigned,
  consent: readConsent({}),
  firstTouch: { to: "ana@acme.io", subject: "Hi", body: "Hello Ana", drafter: "offline" },
  hasPhone: true,
  callGrades: ["A"],
};
const kinds = (p: ActionInput) => proposeLeadActions(p).map((a) => a.kind);

describe("proposeLeadActions", () => {
  it("assigns, drafts (never sends) and calls a grade-A lead with full consent", () => {
    const actions = proposeLeadActions(base);
    expect(actions.map((a) => a.kind)).toEqual(["assign_owner", "draft_email", "call"]);
    expect(actions.find((a) => a.kind === "draft_email")?.params.send).toBe(false);
  });
  it("proposes no email for a do-not-email lead and no call for a do-not-call lead", () => {
    expect(kinds({ ...base, consent: readConsent({ "Do Not Email": "Yes" }) })).toEqual(["assign_owner", "call"]);
    expect(kinds({ ...base, consent: readConsent({ "Do Not Call": "Yes" }) })).toEqual(["assign_owner", "draft_email"]);
  });
  it("escalates with the reason when nobody fits", () => {
    const actions = proposeLeadActions({ ...base, assignment: { status: "unassigned", why: "unassigned: no sales rep covers IN" } });
    expect(actions[0]).toMatchObject({ kind: "escalate", params: { reason: "unassigned: no sales rep covers IN" } });
  });
  it("merges an exact duplicate into the existing record and proposes nothing else", () => {
    const dup: DuplicateMatch = { record: { type: "contact", id: "C-1" }, matchType: "exact_email", score: 1, resolution: "merge", why: "same email" };
    const actions = proposeLeadActions({ ...base, duplicates: [dup] });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ kind: "merge_record", params: { intoType: "contact", intoId: "C-1", matchType: "exact_email" } });
  });
  it("links a non-duplicate to the account of its company and still triages it", () => {
    const account = { accountId: "A-1", via: ["C-1"], score: 1, why: "company matches" };
    const actions = proposeLeadActions({ ...base, account });
    expect(actions.map((a) => a.kind)).toEqual(["link_record", "assign_owner", "draft_email", "call"]);
    expect(actions[0]?.params).toMatchObject({ intoType: "account", intoId: "A-1" });
  });
  it("links a fuzzy duplicate and still triages the lead", () => {
    const dup: DuplicateMatch = { record: { type: "lead", id: "L-0" }, matchType: "fuzzy_name_company", score: 0.93, resolution: "link", why: "alike" };
    expect(kinds({ ...base, duplicates: [dup] })).toEqual(["link_record", "assign_owner", "draft_email", "call"]);
  });
});
