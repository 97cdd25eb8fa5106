import { describe, expect, it } from "vitest";
import type { Case } from "../cases/schema.ts";
import { fitModel } from "./fit.ts";
import { scoreBinary } from "./score.ts";
import { renewalFeatures } from "./features/index.ts";

/** Synthetic accounts: monthly contracts with falling usage churn more often. */
function cases(n: number): Case[] {
  let s = 99;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const monthly = rand() < 0.5;
    const recent = Math.round(rand() * 100);
    const churn = rand() < (monthly ? 0.45 : 0.1) + (recent < 30 ? 0.3 : 0);
    out.push({
      id: `A-${i}`,
      agent: "renewal-risk",
      asOf: "2026-01-01",
      account: { id: `A-${i}`, contractTerm: monthly ? "monthly" : "annual", attributes: { region: i % 3 ? "emea" : "amer" } },
      usage: [
        { date: "2025-12-15", metric: "logins", value: recent },
        { date: "2025-11-10", metric: "logins", value: 60 },
      ],
      tickets: [],
      events: [],
      outcome: { churned: churn },
    });
    // A case for another agent in the same file must be ignored.
    if (i % 50 === 0) out.push({ id: `L-${i}`, agent: "lead-triage", asOf: "2026-01-01", lead: { id: `L-${i}` }, activities: [], outcome: { converted: true } });
  }
  return out;
}

describe("fitModel", () => {
  it("fits a binary agent from its own cases only and explains scores with readable factors", () => {
    // Given mixed cases / When the renewal model is fitted
    const all = cases(400);
    const model = fitModel("renewal-risk", all, { seed: 5, folds: 4 });
    // Then it learned from the 400 renewal cases and its factors name real features
    expect(model.kind).toBe("binary");
    expect(model.training.cases).toBe(400);
    expect(model.training.cv.auc).toBeGreaterThan(0.6);
    expect(model.training.notes.join("\n")).toMatch(/strongest signals/);
    if (model.kind !== "binary") return;
    const risky = renewalFeatures(
      { account: { id: "X", contractTerm: "monthly" }, usage: [{ date: "2025-12-20", metric: "logins", value: 5 }, { date: "2025-11-10", metric: "logins", value: 60 }], tickets: [], events: [] },
      "2026-01-01",
    );
    const safe = renewalFeatures(
      { account: { id: "Y", contractTerm: "annual" }, usage: [{ date: "2025-12-20", metric: "logins", value: 90 }, { date: "2025-11-10", metric: "logins", value: 60 }], tickets: [], events: [] },
      "2026-01-01",
    );
    const r = scoreBinary(model, risky);
    expect(r.probability).toBeGreaterThan(scoreBinary(model, safe).probability);
    expect(r.topFactors.map((f) => f.feature)).toContain("contractTerm = monthly");
  });
});
