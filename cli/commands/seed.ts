import { openAppDb } from "../../app/database.ts";
import { seedDemo } from "../../crm/seed/seed.ts";
import { parseFlags, usageError } from "../args.ts";

const USAGE = "scenario seed --demo [--tenant <id>] [--seed <n>]";

/** `scenario seed --demo`: create or refresh the demo CRM (idempotent). Prints rows per table as JSON. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { demo: { type: "boolean" }, tenant: { type: "string" }, seed: { type: "string" } }, USAGE);
  if (!values.demo) throw usageError("only --demo seeding exists", USAGE);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw usageError("--seed must be an integer", USAGE);
  const tenantId = values.tenant ?? "demo";
  const db = await openAppDb();
  try {
    process.stderr.write(`seeding demo CRM for tenant ${tenantId}…\n`);
    const started = Date.now();
    const rows = await seedDemo(db, { tenantId, ...(seed === undefined ? {} : { seed }) });
    process.stdout.write(`${JSON.stringify({ tenantId, rows, ms: Date.now() - started }, null, 2)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
