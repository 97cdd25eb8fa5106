import { AppError } from "../../core/errors.ts";
import { openAppDb } from "../../app/database.ts";
import { agentFlag, parseFlags } from "../args.ts";

const USAGE = "scenario run --agent <name> (--account <id> | --lead <id> | --ticket <id>) [--tenant demo] [--as-of <date>]";

/**
 * `scenario run`: one agent run on live CRM data (the same graph the API runs), printed as
 * JSON. A run that needs a human stops at the veto: decide it in the inbox (API).
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    { agent: { type: "string" }, account: { type: "string" }, lead: { type: "string" }, ticket: { type: "string" }, tenant: { type: "string" }, "as-of": { type: "string" } },
    USAGE,
  );
  const agent = agentFlag(values.agent, USAGE);
  const subjects = (["account", "lead", "ticket"] as const).filter((k) => typeof values[k] === "string");
  if (subjects.length !== 1) throw new AppError("INPUT_INVALID", `give exactly one of --account, --lead, --ticket\nusage: ${USAGE}`);
  const type = subjects[0]!;
  const tenantId = values.tenant ?? "demo";
  const db = await openAppDb();
  try {
    const { createRuntime } = await import("../../agents/runtime/runtime.ts");
    const runtime = await createRuntime({ db });
    const created = await runtime.createRun({
      tenantId,
      agent,
      subject: { type, id: String(values[type]) },
      asOf: values["as-of"],
      requestedBy: { id: "cli", role: "admin", tenantId },
    });
    const done = await runtime.executeRun(tenantId, created.runId);
    process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
    if (done.status === "waiting_approval") process.stderr.write(`run ${done.runId} waits for a human decision in the approvals inbox\n`);
    return done.status === "failed" ? 1 : 0;
  } finally {
    await db.close();
  }
}

