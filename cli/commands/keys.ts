import { parseArgs } from "node:util";
import { config } from "../../config/index.ts";
import { ROLES, type Role } from "../../core/principal.ts";
import { openAppDb } from "../../app/database.ts";
import { createApiKey, dbKeyStore, dbSettingsStore } from "../../server/stores.ts";
import { usageError } from "../args.ts";

const USAGE = `scenario keys create --role rep|manager|analyst|admin [--tenant demo] [--name <label>] [--rep <rep id>]
       scenario keys webhook-secret [--tenant demo]`;

const OPTIONS = {
  role: { type: "string" },
  tenant: { type: "string", default: "demo" },
  name: { type: "string", default: "" },
  rep: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/**
 * `keys create` prints a new API key once (only its SHA-256 is stored; lose it and create
 * another). `keys webhook-secret` prints the tenant's CRM webhook secret, creating it.
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let v: { role?: string; tenant: string; name: string; rep?: string; help: boolean };
  try {
    v = parseArgs({ args: rest, options: OPTIONS, allowPositionals: false }).values;
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err), USAGE);
  }
  if (!sub || v.help || !["create", "webhook-secret"].includes(sub)) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return sub && !v.help ? 2 : 0;
  }
  if (!/^[\w.-]{1,100}$/.test(v.tenant)) throw usageError(`--tenant must be letters, digits, '.', '_' or '-', got "${v.tenant}"`, USAGE);
  if (sub === "create" && !(ROLES as readonly string[]).includes(v.role ?? "")) {
    throw usageError(`--role must be one of ${ROLES.join(", ")}${v.role ? `, got "${v.role}"` : ""}`, USAGE);
  }
  const db = await openAppDb();
  try {
    if (sub === "webhook-secret") {
      const secret = config().WEBHOOK_SECRET ?? (await dbSettingsStore(db).webhookSecret(v.tenant, { create: true }));
      process.stdout.write(`${secret}\n`);
      return 0;
    }
    const key = await createApiKey(dbKeyStore(db), { tenantId: v.tenant, role: v.role as Role, name: v.name, repId: v.rep });
    process.stderr.write(`Created ${key.role} key ${key.id} for tenant ${key.tenantId}. It is shown once; store it now.\n`);
    process.stdout.write(`${key.key}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
