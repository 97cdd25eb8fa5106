import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { migrateAll } from "../../app/migrations.ts";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { createLivePort } from "../live/port.ts";
import { importCsv } from "./csv.ts";
import { loadMapping, parseMapping } from "./mapping.ts";

/**
 * The ravenstack export through the committed mapping. The test copies a consistent slice
 * of the real files (a few accounts and everything that hangs off them) into a temp dir and
 * adds bad rows; the data itself is never committed.
 */
const RAW = "../shared/data/raw/saas-churn-ravenstack";
const MAPPING = "crm/import/mappings/ravenstack.json";
const ACCOUNTS = 6;

async function lines(file: string): Promise<string[]> {
  return (await readFile(join(RAW, file), "utf8")).split(/\r?\n/).filter((l) => l.trim() !== "");
}

/** Copy the first accounts and their subscriptions, usage, tickets and churn events; return the account ids. */
async function sliceRavenstack(dir: string): Promise<{ accounts: string[]; counts: Record<string, number> }> {
  const acc = await lines("ravenstack_accounts.csv");
  const accounts = acc.slice(1, 1 + ACCOUNTS).map((l) => l.split(",")[0] ?? "");
  const keep = new Set(accounts);
  const counts: Record<string, number> = {};
  const write = async (file: string, rows: string[]) => {
    counts[file] = rows.length - 1;
    await writeFile(join(dir, file), `${rows.join("\n")}\n`);
  };
  await write("ravenstack_accounts.csv", acc.slice(0, 1 + ACCOUNTS));
  const subs = await lines("ravenstack_subscriptions.csv");
  const subRows = subs.slice(1).filter((l) => keep.has(l.split(",")[1] ?? ""));
  await write("ravenstack_subscriptions.csv", [subs[0] ?? "", ...subRows]);
  const subIds = new Set(subRows.map((l) => l.split(",")[0]));
  const usage = await lines("ravenstack_feature_usage.csv");
  await write("ravenstack_feature_usage.csv", [usage[0] ?? "", ...usage.slice(1).filter((l) => subIds.has(l.split(",")[1] ?? ""))]);
  const tickets = await lines("ravenstack_support_tickets.csv");
  await write("ravenstack_support_tickets.csv", [tickets[0] ?? "", ...tickets.slice(1).filter((l) => keep.has(l.split(",")[1] ?? ""))]);
  const churn = await lines("ravenstack_churn_events.csv");
  await write("ravenstack_churn_events.csv", [churn[0] ?? "", ...churn.slice(1).filter((l) => keep.has(l.split(",")[1] ?? ""))]);
  return { accounts, counts };
}

async function count(t: TestDb, table: string): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = 'rs'`);
  return rows[0]?.n ?? -1;
}

describe("CSV import with the ravenstack mapping", () => {
  let t: TestDb;
  let dir: string;
  let slice: Awaited<ReturnType<typeof sliceRavenstack>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ravenstack-"));
    slice = await sliceRavenstack(dir);
    // Bad rows: an impossible date, a usage row whose subscription does not exist, a short row.
    await writeFile(join(dir, "ravenstack_support_tickets.csv"), `T-bad001,${slice.accounts[0]},2024-13-45,,,high,10,,FALSE\n`, { flag: "a" });
    await writeFile(join(dir, "ravenstack_feature_usage.csv"), "U-bad002,S-nosuch,2024-05-01,feature_1,3,100,0,False\nU-bad003,S-short\n", { flag: "a" });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("imports every good row, reports each bad one with file, line and reason, and is re-runnable", async () => {
    const mapping = await loadMapping(MAPPING);
    // When importing the slice
    const report = await importCsv(t.db, dir, mapping, { tenantId: "rs" });
    // Then the good rows are all in
    const c = slice.counts;
    expect(await count(t, "accounts")).toBe(c["ravenstack_accounts.csv"]);
    expect(await count(t, "subscriptions")).toBe(c["ravenstack_subscriptions.csv"]);
    expect(await count(t, "usage_events")).toBe(c["ravenstack_feature_usage.csv"]);
    expect(await count(t, "tickets")).toBe(c["ravenstack_support_tickets.csv"]);
    expect(await count(t, "events")).toBe(c["ravenstack_churn_events.csv"]);
    // And the three bad rows are reported where they are
    const usageLines = (c["ravenstack_feature_usage.csv"] ?? 0) + 1;
    const ticketLines = (c["ravenstack_support_tickets.csv"] ?? 0) + 1;
    expect(report.skipped).toBe(3);
    expect(report.issues).toEqual(expect.arrayContaining([
      { file: "ravenstack_feature_usage.csv", line: usageLines + 1, reason: 'account_id: no subscriptions row with id "S-nosuch"' },
      { file: "ravenstack_feature_usage.csv", line: usageLines + 2, reason: "expected 8 columns, found 2" },
      { file: "ravenstack_support_tickets.csv", line: ticketLines + 1, reason: 'submitted_at: "2024-13-45" is not a date-time' },
    ]));
    expect(await count(t, "tickets")).toBe(ticketLines - 1);
    // And a second run changes nothing: upserts by natural key, no duplicates
    const again = await importCsv(t.db, dir, mapping, { tenantId: "rs" });
    expect(again.imported).toBe(report.imported);
    expect(await count(t, "usage_events")).toBe(c["ravenstack_feature_usage.csv"]);
    expect(await count(t, "tickets")).toBe(c["ravenstack_support_tickets.csv"]);
  });

  it("makes the imported history readable by the agents' port, usage found through the subscription", async () => {
    await importCsv(t.db, dir, await loadMapping(MAPPING), { tenantId: "rs" });
    const id = slice.accounts[0] ?? "";
    const ctx = await createLivePort(t.db, { tenantId: "rs", asOf: "2030-01-01" }).getAccountContext(id);
    const { rows } = await t.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM usage_events u JOIN subscriptions s ON s.tenant_id = u.tenant_id AND s.id = split_part(u.id, '|', 2) WHERE u.tenant_id = 'rs' AND s.account_id = $1",
      [id],
    );
    expect(ctx?.account.name).toBeTruthy();
    expect(ctx?.usage.length).toBe(rows[0]?.n);
    expect(ctx?.usage.every((u) => u.metric.startsWith("feature:"))).toBe(true);
    expect(ctx?.account.attributes).toHaveProperty("referralSource");
    expect(ctx?.account.attributes).not.toHaveProperty("churn_flag");
    // And the account's plan and ARR are those of a latest-starting subscription
    const latest = await t.db.pool.query<{ arr: number; plan: string }>(
      `SELECT arr, plan FROM subscriptions WHERE tenant_id = 'rs' AND account_id = $1
         AND start_date = (SELECT max(start_date) FROM subscriptions WHERE tenant_id = 'rs' AND account_id = $1)`,
      [id],
    );
    expect(latest.rows.length).toBeGreaterThan(0);
    expect(latest.rows).toContainEqual({ arr: ctx?.account.arr, plan: ctx?.account.plan });
  });

  it("keeps the rest of a batch when the database rejects one row, and names that row", async () => {
    // Given a mapping that writes billing_frequency into contract_term, and one subscription saying "weekly"
    const subs = (await readFile(join(dir, "ravenstack_subscriptions.csv"), "utf8")).trim().split("\n");
    const header = subs[0] ?? "";
    const body = subs.slice(1, 4);
    const weekly = (body[1] ?? "").replace(/,(monthly|annual),/, ",weekly,");
    const sub = await mkdtemp(join(tmpdir(), "rs-bad-"));
    await writeFile(join(sub, "subs.csv"), [header, body[0], weekly, body[2]].join("\n"));
    const mapping = parseMapping({
      version: 1,
      files: [{ file: "subs.csv", table: "accounts", key: ["subscription_id"], columns: { billing_frequency: "contract_term", arr_amount: { field: "arr", type: "number" } } }],
    });
    try {
      // When importing
      const report = await importCsv(t.db, sub, mapping, { tenantId: "rs" });
      // Then two rows are in, and the third line is reported as rejected by the database
      expect(report.imported).toBe(2);
      expect(report.issues).toHaveLength(1);
      expect(report.issues[0]).toMatchObject({ file: "subs.csv", line: 3 });
      expect(report.issues[0]?.reason).toMatch(/rejected by the database.*contract_term/);
      expect(await count(t, "accounts")).toBe(2);
    } finally {
      await rm(sub, { recursive: true, force: true });
    }
  });
});
