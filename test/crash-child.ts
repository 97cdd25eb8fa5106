/**
 * Test helper process: executes (or decides) one run and SIGKILLs itself at a chosen
 * point — after a node's checkpoint, or right after an action hit the CRM but before the
 * graph could record it. Used by runtime-crash.int.test.ts; never by the product.
 *
 * argv: <databaseUrl> <schema> <tenantId> <runId> <crashAt> [approvalId]
 */
import { openDb } from "../db/pool.ts";
import type { CrmPort } from "../crm/port.ts";
import { createRuntime } from "../agents/runtime/runtime.ts";

const [url, schema, tenantId, runId, crashAt, approvalId] = process.argv.slice(2);
if (!url || !schema || !tenantId || !runId || !crashAt) {
  process.stderr.write("usage: crash-child <databaseUrl> <schema> <tenantId> <runId> <crashAt> [approvalId]\n");
  process.exit(2);
}
const die = () => process.kill(process.pid, "SIGKILL");
const db = await openDb({ url, schema, max: 2 });
const runtime = await createRuntime({
  db,
  llm: undefined,
  observe: {
    onNode: (_run, node) => {
      if (node === crashAt) die();
    },
    wrapPort: (port: CrmPort): CrmPort => ({
      ...port,
      async applyAction(action, key) {
        const result = await port.applyAction(action, key);
        if (crashAt === "after_apply") die();
        return result;
      },
    }),
  },
});
if (approvalId) await runtime.decide({ tenantId, approvalId, by: { id: "mgr-1", role: "manager", tenantId }, answer: "approve", reasonCode: "agree" });
else await runtime.executeRun(tenantId, runId);
process.stdout.write("finished without crashing\n");
await db.close();
