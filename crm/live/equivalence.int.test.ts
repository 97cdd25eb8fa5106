import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCases } from "../../cases/reader.ts";
import type { Case } from "../../cases/schema.ts";
import { migrateAll } from "../../app/migrations.ts";
import { Ledger } from "../../sandbox/ledger.ts";
import { sandboxPort } from "../../sandbox/port.ts";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { fieldPolicyFor } from "../field-policies.ts";
import { guardPort } from "../guard.ts";
import type { CrmPort } from "../port.ts";
import { importCases } from "../import/cases.ts";
import { createLivePort } from "./port.ts";

/**
 * Real case files imported into the live CRM must read back, at each case's asOf and
 * through the agent's field policy, exactly as the sandbox shows the case: same records,
 * same fields read. That is what makes a live run decide like a replay.
 */
const DATA = "../shared/data/cases";
const SOURCES = ["renewal-ravenstack.test.jsonl", "lead-crm-opportunities.test.jsonl", "routing-tickets-de.test.jsonl", "lead-xeducation.train.jsonl"];
const PER_FILE = 8;

/** Order-insensitive view: history sorted, empty attributes treated as absent. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([k, v]) => v !== undefined && !(k === "attributes" && typeof v === "object" && v !== null && Object.keys(v).length === 0))
      .map(([k, v]) => [k, canonical(v)] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries);
  }
  return value;
}

async function read(port: CrmPort, c: Case): Promise<unknown> {
  if (c.agent === "renewal-risk") return port.getAccountContext(c.account.id);
  if (c.agent === "lead-triage") return port.getLeadContext(c.lead.id);
  return port.getTicketContext(c.ticket.id);
}

describe("live port vs sandbox on the same snapshot", () => {
  let t: TestDb;
  let dir: string;
  const cases: Case[] = [];
  beforeAll(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
    dir = await mkdtemp(join(tmpdir(), "equiv-"));
    for (const f of SOURCES) {
      const { cases: got } = await readCases(join(DATA, f));
      cases.push(...got.slice(0, PER_FILE).map((g) => g.case));
    }
    const file = join(dir, "cases.jsonl");
    await writeFile(file, cases.map((c) => JSON.stringify(c)).join("\n"));
    const report = await importCases(t.db, file, { tenantId: "eq" });
    expect(report.skipped).toBe(0);
  });
  afterAll(async () => {
    await t.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("returns the sandbox's context and reads the same fields for every imported case", async () => {
    expect(cases.length).toBe(SOURCES.length * PER_FILE);
    for (const c of cases) {
      // Given the case imported live, and the same case in the sandbox, both behind the agent's policy
      const policy = fieldPolicyFor(c.agent);
      const live = guardPort(createLivePort(t.db, { tenantId: "eq", asOf: c.asOf }), policy);
      const sandbox = guardPort(sandboxPort(c, { ledger: new Ledger(), roster: [] }), policy);
      // When each reads the case's subject
      const [fromLive, fromSandbox] = [await read(live, c), await read(sandbox, c)];
      // Then the records and the fields read are the same
      expect(fromLive, `${c.agent} ${c.id}`).toBeDefined();
      expect(canonical(fromLive), `${c.agent} ${c.id}`).toEqual(canonical(fromSandbox));
      expect(live.fieldsRead(), `${c.agent} ${c.id}`).toEqual(sandbox.fieldsRead());
    }
  });
});
