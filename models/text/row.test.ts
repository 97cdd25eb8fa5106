import { describe, expect, it } from "vitest";
import { readCases } from "../../cases/reader.ts";
import type { RoutingCase, Ticket } from "../../cases/schema.ts";
import { sharedCases } from "../../bench/data.ts";
import { fitRoutingModel, indexVocabulary, parseTextParams, ticketTerms, vectorize } from "./index.ts";
import { rowIndex, ticketRow } from "./row.ts";

/** Tickets that exercise every branch: repeats, numbers, bigrams, umlauts, empty parts, a huge text. */
const EDGE_TICKETS: Ticket[] = [
  { id: "e1", subject: "Rechnung Rechnung doppelt", body: "Die Rechnung 4711 wurde doppelt abgebucht, Rechnung bitte erstatten." },
  { id: "e2", subject: "", body: "" },
  { id: "e3", subject: "Login" },
  { id: "e4", body: "server down server down server down 500 500" },
  { id: "e5", subject: "GRÖSSE Größe groesse", body: "Größe der Datei ist falsch", language: "de", channel: "email" },
  { id: "e6", subject: "long", body: "invoice payment error ".repeat(2000) },
];

describe("ticketRow", () => {
  it("gives exactly the row vectorize(ticketTerms(...)) gives, entry by entry", async () => {
    // Given a model fitted on real history (the v4 tickets mix English and German)
    const { cases } = await readCases(sharedCases("routing-tickets-v4.train.jsonl"), { agent: "service-routing", requireOutcome: true });
    const train = cases.slice(0, 400).map((c) => c.case as RoutingCase);
    const model = fitRoutingModel(train, { seed: 1, folds: 0 });
    const p = parseTextParams(model.params);
    const index = indexVocabulary({ terms: p.features, idf: p.idf }, p.vocab);
    const ix = rowIndex(p.terms, index, p.features.length);
    // When every training ticket, then some unseen ones, is featurized both ways (twice, so the caches are hit)
    const tickets = [...train.map((c) => c.ticket), ...EDGE_TICKETS];
    for (let round = 0; round < 2; round++) {
      for (const t of tickets) {
        const expected = vectorize(ticketTerms(t, undefined, p.terms), index);
        const got = ticketRow(ix, t, undefined);
        // Then the same feature ids in the same order with bit-identical values
        expect(Array.from(got.idx)).toEqual(Array.from(expected.idx));
        expect(Array.from(got.val)).toEqual(Array.from(expected.val));
      }
    }
    // And the rows are not trivially empty
    expect(ticketRow(ix, train[0]!.ticket, undefined).idx.length).toBeGreaterThan(20);
  });
});
