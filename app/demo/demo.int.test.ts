import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../core/principal.ts";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { migrateAll } from "../migrations.ts";
import { prepareDemo } from "./index.ts";

/** What `npm start` (serve --demo) does before it listens: a usable demo tenant on a fresh database. */
describe("prepareDemo", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
  });
  afterAll(async () => t?.cleanup());

  it("seeds the CRM, a promoted model per agent, the playbooks and a key per role; a second start reseeds nothing", async () => {
    // When the demo is prepared on a fresh database
    const first = await prepareDemo(t.db, "demo-t");
    // Then every role has a key, the suggested subjects exist, and all three agents can run
    expect(first.seeded).toBe(true);
    expect(Object.keys(first.keys).sort()).toEqual([...ROLES].sort());
    expect(first.accountId).not.toMatch(/^</);
    expect(first.leadId).not.toMatch(/^</);
    const models = await t.db.pool.query<{ agent: string }>(`SELECT agent FROM models WHERE tenant_id = $1 AND status = 'promoted' ORDER BY agent`, ["demo-t"]);
    expect(models.rows.map((r) => r.agent)).toEqual(["lead-triage", "renewal-risk", "service-routing"]);
    const docs = await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM kb_documents WHERE tenant_id = $1`, ["demo-t"]);
    expect(docs.rows[0]?.n).toBe(3);
    // When it is prepared again, nothing is seeded twice and the old keys are revoked
    const second = await prepareDemo(t.db, "demo-t");
    expect(second.seeded).toBe(false);
    const live = await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NULL`, ["demo-t"]);
    expect(live.rows[0]?.n).toBe(ROLES.length);
  });
});
