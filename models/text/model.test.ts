import { describe, expect, it } from "vitest";
import { isAppError } from "../../core/errors.ts";
import type { RoutingCase } from "../../cases/schema.ts";
import type { ClassPrediction, RoutingModelFile } from "../types.ts";
import { scaledSoftmax } from "./calibrate.ts";
import { fitRoutingModel, indexVocabulary, parseTextParams, predictRouting, ticketTerms, vectorize } from "./index.ts";
import { margins } from "./svm.ts";

/** A tiny bilingual history: three queues, English and German, with priorities. */
const HISTORY: [queue: string, priority: string, subject: string, body: string][] = [
  ["Billing", "medium", "Invoice charged twice", "My invoice was charged twice this month, please refund the payment."],
  ["Billing", "medium", "Wrong invoice amount", "The invoice amount is wrong, the payment was higher than the contract."],
  ["Billing", "low", "Invoice copy", "Could you send a copy of the last invoice for our payment records?"],
  ["Billing", "medium", "Refund for payment", "Please refund the duplicate payment on my invoice."],
  ["Billing", "medium", "Rechnung doppelt abgebucht", "Die Rechnung wurde doppelt abgebucht, bitte erstatten Sie die Zahlung."],
  ["Billing", "low", "Kopie der Rechnung", "Bitte senden Sie eine Kopie der Rechnung für unsere Zahlung."],
  ["Billing", "medium", "Falscher Rechnungsbetrag", "Der Betrag der Rechnung ist falsch, die Zahlung war zu hoch."],
  ["Billing", "medium", "Zahlung erstatten", "Bitte erstatten Sie die doppelte Zahlung der Rechnung."],
  ["Technical", "high", "Server down", "The server is down and the login page shows an error since this morning."],
  ["Technical", "high", "Login error", "Login fails with an error, the server returns 500."],
  ["Technical", "high", "App crashes", "The app crashes with an error after the update, server logs attached."],
  ["Technical", "medium", "Error on login page", "We see an error on the login page when the server is busy."],
  ["Technical", "high", "Server ausgefallen", "Der Server ist ausgefallen und die Anmeldung zeigt einen Fehler."],
  ["Technical", "high", "Fehler bei der Anmeldung", "Die Anmeldung schlägt mit einem Fehler fehl, der Server antwortet nicht."],
  ["Technical", "high", "App stürzt ab", "Die App stürzt nach dem Update mit einem Fehler ab, Server Logs anbei."],
  ["Technical", "medium", "Fehlermeldung", "Beim Server erscheint eine Fehlermeldung auf der Anmeldeseite."],
  ["Shipping", "low", "Where is my parcel", "My parcel has not arrived, the delivery tracking shows no update."],
  ["Shipping", "low", "Delivery address change", "Please change the delivery address for my parcel."],
  ["Shipping", "medium", "Parcel damaged", "The parcel arrived damaged, the delivery was late too."],
  ["Shipping", "low", "Tracking number", "I need the tracking number for the delivery of my parcel."],
  ["Shipping", "low", "Wo ist mein Paket", "Mein Paket ist nicht angekommen, die Lieferung zeigt keinen Status."],
  ["Shipping", "low", "Lieferadresse ändern", "Bitte ändern Sie die Lieferadresse für mein Paket."],
  ["Shipping", "medium", "Paket beschädigt", "Das Paket kam beschädigt an, die Lieferung war spät."],
  ["Shipping", "low", "Sendungsnummer", "Ich brauche die Sendungsnummer für die Lieferung meines Pakets."],
];

function cases(withPriority = true): RoutingCase[] {
  return HISTORY.map(([queue, priority, subject, body], i) => ({
    id: `c${i}`,
    agent: "service-routing",
    asOf: "2026-01-01",
    ticket: { id: `t${i}`, subject, body, language: /[äöüß]|die|der|das|mein/i.test(body) ? "de" : "en" },
    outcome: withPriority ? { queue, priority } : { queue },
  }));
}

const ticket = (subject: string, body: string) => ({ id: "new", subject, body });

function expectWellFormed(p: ClassPrediction, labels: string[]): void {
  expect(labels).toContain(p.label);
  const probs = [p.probability, ...p.alternatives.map((a) => a.probability)];
  expect(probs.every((x) => Number.isFinite(x) && x >= 0 && x <= 1)).toBe(true);
  expect(probs.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
  expect(probs).toEqual([...probs].sort((a, b) => b - a));
  expect(new Set([p.label, ...p.alternatives.map((a) => a.label)])).toEqual(new Set(labels));
}

describe("fitRoutingModel + predictRouting on a tiny bilingual history", () => {
  const model = fitRoutingModel(cases(), { seed: 7 });

  it("routes obvious English and German tickets to the right queue", () => {
    // Given new tickets worded differently from the history
    const expected: [string, string, string][] = [
      ["Billing", "Refund please", "I was charged twice on the invoice, refund the payment"],
      ["Billing", "Rechnung", "Die Zahlung der Rechnung ist doppelt"],
      ["Technical", "Cannot log in", "Login error again, the server is down"],
      ["Technical", "Fehler", "Der Server zeigt einen Fehler bei der Anmeldung"],
      ["Shipping", "Parcel", "Where is my parcel? No delivery yet"],
      ["Shipping", "Paket", "Die Lieferung meines Pakets fehlt"],
    ];
    for (const [queue, subject, body] of expected) {
      // When routed
      const p = predictRouting(model, ticket(subject, body));
      // Then the queue is right, the prediction is well formed, and the model leans clearly
      expect(p.queue.label, `${subject}: ${body}`).toBe(queue);
      expectWellFormed(p.queue, model.queues);
      expect(p.queue.probability).toBeGreaterThan(1 / 3);
    }
  });

  it("names the discriminating terms as top factors, strongest first", () => {
    // Given a German billing ticket
    const p = predictRouting(model, ticket("Rechnung falsch", "Die Rechnung ist falsch"));
    // Then the factors are readable terms that pushed toward Billing
    expect(p.queue.label).toBe("Billing");
    const names = p.queue.topFactors.map((f) => f.feature);
    expect(names.some((n) => n.includes("rechnung") || n.includes("rechn"))).toBe(true);
    expect(p.queue.topFactors.every((f) => f.contribution > 0)).toBe(true);
    const contributions = p.queue.topFactors.map((f) => f.contribution);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    // And words that say nothing about the queue ("die", "ist") are not the main reason
    expect(names[0]).not.toMatch(/^word:(die|ist)$/);
  });

  it("predicts a priority when the history has priorities, and none otherwise", () => {
    const p = predictRouting(model, ticket("Server down", "The server is down, login error"));
    expect(model.priorities).toEqual(["high", "low", "medium"]);
    expect(p.priority?.label).toBe("high");
    expectWellFormed(p.priority as ClassPrediction, model.priorities);

    const queueOnly = fitRoutingModel(cases(false), { seed: 7 });
    expect(queueOnly.priorities).toEqual([]);
    expect(predictRouting(queueOnly, ticket("Server down", "error")).priority).toBeUndefined();
  });

  it("still answers for empty, foreign-language, huge and odd tickets", () => {
    const odd = [
      { id: "e" },
      ticket("", ""),
      ticket("サーバーが落ちました", "ログインできません"),
      ticket("x", "Fehler ".repeat(100_000)),
      ticket("🙈\u200b\ud800", "\u0000\u0301"),
    ];
    for (const t of odd) {
      const p = predictRouting(model, t, { tier: "gold", arr: 1e6, attributes: { region: "EMEA" } });
      expectWellFormed(p.queue, model.queues);
    }
    // A huge ticket is routed on its head: the repeated "Fehler" points to Technical
    expect(predictRouting(model, odd[3] as ReturnType<typeof ticket>).queue.label).toBe("Technical");
  });

  it("reports cross-validated accuracy, macro-F1 and per-queue precision/recall", () => {
    expect(model.training.cases).toBe(HISTORY.length);
    expect(Object.keys(model.training.cv).sort()).toEqual(["priorityAccuracy", "priorityMacroF1", "queueAccuracy", "queueMacroF1"]);
    expect(model.training.cv.queueAccuracy).toBeGreaterThan(0.5);
    const perQueue = parseTextParams(model.params).queue.cvPerLabel;
    expect(Object.keys(perQueue).sort()).toEqual(["Billing", "Shipping", "Technical"]);
    expect(model.training.notes.some((n) => n.startsWith('queue "Billing": precision'))).toBe(true);
  });
});

describe("no training/serving skew", () => {
  it("predicts the probabilities the training-time feature path gives", () => {
    // Given a fitted model and tickets with repeated words (the serving path caches n-grams per word)
    const model = fitRoutingModel(cases(), { seed: 2 });
    const p = parseTextParams(model.params);
    const index = indexVocabulary({ terms: p.features, idf: p.idf }, p.vocab);
    const tickets = [ticket("Rechnung Rechnung", "Die Rechnung ist doppelt, doppelt abgebucht"), ticket("Paket", "Paket Lieferung Paket")];
    for (const t of tickets) {
      // When scored through the training path by hand
      const row = vectorize(ticketTerms(t), index);
      const m = { classes: p.queue.labels.length, w: Float64Array.from(p.queue.weights), b: Float64Array.from(p.queue.bias) };
      const probs = scaledSoftmax(margins(m, row), p.queue.scale);
      // Then predictRouting agrees
      const served = predictRouting(model, t).queue;
      const k = p.queue.labels.indexOf(served.label);
      // (serving keeps weights in single precision: equal to ~6 digits)
      expect(served.probability).toBeCloseTo(probs[k] as number, 5);
      expect(Math.max(...probs)).toBeCloseTo(served.probability, 5);
    }
  });
});

describe("nearest-neighbour blend at serving time", () => {
  it("lets a stored near-duplicate decide when its blend weight is 1, and stays neutral without neighbours", () => {
    // Given a fitted model carrying one stored ticket, relabelled Billing, that the linear model would route to Shipping
    const model = fitRoutingModel(cases(), { seed: 2 });
    const p = parseTextParams(model.params);
    const stored = ticket("Wo ist mein Paket", "Mein Paket ist nicht angekommen");
    expect(predictRouting(model, stored).queue.label).toBe("Shipping");
    const ids: number[] = [];
    for (const [term, n] of ticketTerms(stored).words) {
      const f = p.features.indexOf(term);
      for (let r = 0; r < n && f >= 0; r++) ids.push(f);
    }
    const withNeighbour = {
      ...model,
      params: {
        ...p,
        queue: { ...p.queue, neighbours: { k: 1, power: 1, weight: 1 } },
        neighbours: { offsets: [0, ids.length], ids: ids.sort((a, b) => a - b), queue: [p.queue.labels.indexOf("Billing")], priority: [-1] },
      },
    };
    // When the same ticket is routed, the neighbour's label wins outright
    const q = predictRouting(withNeighbour, stored).queue;
    expect(q.label).toBe("Billing");
    expect(q.probability).toBeCloseTo(1, 9);
    // And a ticket sharing no word with it gets uniform votes
    const other = predictRouting(withNeighbour, ticket("サーバー", "ログイン")).queue;
    expect(other.probability).toBeCloseTo(1 / 3, 9);
  });
});

describe("determinism and versioning", () => {
  it("gives a byte-identical file for the same cases and seed", () => {
    const a = JSON.stringify(fitRoutingModel(cases(), { seed: 3 }));
    const b = JSON.stringify(fitRoutingModel(cases(), { seed: 3 }));
    expect(a).toBe(b);
  });

  it("changes the version id when the data changes", () => {
    const base = fitRoutingModel(cases(), { seed: 3 });
    const changed = cases();
    (changed[0] as RoutingCase).outcome = { queue: "Shipping", priority: "low" };
    expect(fitRoutingModel(changed, { seed: 3 }).id).not.toBe(base.id);
    expect(base.id).toMatch(/^routing-text-[0-9a-f]{16}$/);
  });

  it("survives a JSON round trip and reports progress up to the total", () => {
    const seen: [number, number][] = [];
    const model = fitRoutingModel(cases(), { seed: 3, onProgress: (d, t) => seen.push([d, t]) });
    const copy = JSON.parse(JSON.stringify(model)) as RoutingModelFile;
    const t = ticket("Paket", "Wo ist mein Paket");
    expect(predictRouting(copy, t)).toEqual(predictRouting(model, t));
    expect(seen.at(-1)?.[0]).toBe(seen.at(-1)?.[1]);
  });
});

describe("thin histories", () => {
  it("routes everything to the only queue a history has", () => {
    const one = cases().map((c) => ({ ...c, outcome: { queue: "Support" } }));
    const model = fitRoutingModel(one, { seed: 1 });
    const p = predictRouting(model, ticket("Paket", "Wo ist mein Paket"));
    expect(p.queue.label).toBe("Support");
    expect(p.queue.probability).toBe(1);
    expect(p.queue.alternatives).toEqual([]);
  });

  it("learns priority from the cases that have one when others lack it", () => {
    const mixed = cases().map((c, i) => (i % 3 === 0 ? { ...c, outcome: { queue: c.outcome?.queue ?? "" } } : c));
    const model = fitRoutingModel(mixed, { seed: 1 });
    expect(model.training.cases).toBe(HISTORY.length);
    expect(model.priorities).toEqual(["high", "low", "medium"]);
    expect(predictRouting(model, ticket("Server down", "server error")).priority?.label).toBe("high");
  });
});

describe("bad input", () => {
  it("refuses to fit without any queue label", () => {
    const noOutcome = cases().map(({ outcome: _o, ...c }) => c as RoutingCase);
    expect(() => fitRoutingModel(noOutcome, {})).toThrow(expect.objectContaining({ code: "INPUT_INVALID" }));
  });

  it("rejects a model file whose params are not a text routing model", () => {
    const model = fitRoutingModel(cases(), { seed: 1 });
    const broken = { ...model, params: { ...(model.params as object), idf: [1, 2, 3] } };
    try {
      predictRouting(broken, ticket("a", "b"));
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err) && err.code).toBe("MODEL_INVALID");
    }
  });
});
