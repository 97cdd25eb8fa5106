import { fileURLToPath } from "node:url";
import type { Db } from "../../db/pool.ts";
import { ingestPath } from "../../knowledge/index.ts";

const PLAYBOOKS = fileURLToPath(new URL("./playbooks/", import.meta.url));

/**
 * The demo tenant's knowledge: a renewal playbook (label "playbook") and two help-center
 * articles (label "support"), so briefs and reply suggestions cite real passages. Re-ingesting
 * unchanged files does nothing.
 */
export async function ensureDemoKnowledge(db: Db, tenantId: string): Promise<void> {
  await ingestPath(db, `${PLAYBOOKS}renewal-playbook.md`, { tenantId, labels: ["playbook"] });
  for (const name of ["support-billing.md", "support-technical.md"]) await ingestPath(db, `${PLAYBOOKS}${name}`, { tenantId, labels: ["support"] });
}
