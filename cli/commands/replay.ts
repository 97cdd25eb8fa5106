import { readFile, writeFile } from "node:fs/promises";
import { PolicyConfig } from "../../agents/shared/policy-config.ts";
import { AppError } from "../../core/errors.ts";
import type { Rep } from "../../crm/types.ts";
import { loadModel } from "../../models/index.ts";
import { agentFlag, parseFlags, requireFlag } from "../args.ts";
import { progress } from "../progress.ts";
import { graphFloorCpuMs } from "../../sandbox/graph-floor.ts";
import { replay } from "../../sandbox/replay.ts";

/** CPU spent measuring LangGraph's floor for the graph after a replay (≈ 100 floor cases). */
const FLOOR_BUDGET_MS = 600;

const USAGE =
  "scenario replay --agent <name> --cases <test.jsonl> --model <model.json> --report <report.json> [--html <report.html>] [--policy <policy.json>] [--roster <reps.json>] [--approve|--reject] [--threads n] [--records <decisions.jsonl>]";

async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new AppError("INPUT_INVALID", `cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** `scenario replay`: every case through the agent's full graph in the sandbox; a scored report. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      agent: { type: "string" },
      cases: { type: "string" },
      model: { type: "string" },
      report: { type: "string" },
      html: { type: "string" },
      policy: { type: "string" },
      roster: { type: "string" },
      reject: { type: "boolean" },
      approve: { type: "boolean" },
      threads: { type: "string" },
      records: { type: "string" },
    },
    USAGE,
  );
  const agent = agentFlag(values.agent, USAGE);
  const casesFile = requireFlag(values.cases, "cases", USAGE);
  const reportPath = requireFlag(values.report, "report", USAGE);
  const model = await loadModel(requireFlag(values.model, "model", USAGE));
  const policy = values.policy ? PolicyConfig.parse(await readJson(values.policy, "policy")) : undefined;
  const roster = values.roster ? ((await readJson(values.roster, "roster")) as Rep[]) : undefined;
  const threads = values.threads ? Number(values.threads) : undefined;

  let bar: ReturnType<typeof progress> | undefined;
  const report = await replay({
    agent,
    casesFile,
    model,
    policy,
    roster,
    approval: values.reject ? "reject" : "approve",
    threads,
    keepRecords: values.records !== undefined,
    onProgress: (done, total) => {
      bar ??= progress(`replay ${agent}`, total);
      bar.update(done);
    },
  });
  bar?.done();
  // LangGraph's own floor for this graph (same nodes, edges, interrupt and resume, trivial
  // bodies), measured now on this machine: what the replay's speed is to be read against.
  const floor = await graphFloorCpuMs(agent, 10_000, { warm: 50, budgetMs: FLOOR_BUDGET_MS });
  const threadsUsed = report.cost?.threads ?? 1;
  const floorFigures = { cpuMsPerCase: floor.cpuMsPerCase, casesPerSecond: Math.round((threadsUsed * 1000) / floor.cpuMsPerCase), threads: threadsUsed };
  for (const issue of report.issues.slice(0, 20)) process.stderr.write(`skipped line ${issue.line}: ${issue.reason}\n`);
  if (values.records) {
    // One whole decision record per line, in file order; the report keeps its short form.
    await writeFile(values.records, report.decisions.map((d) => JSON.stringify(d.record ?? null)).join("\n") + "\n");
    for (const d of report.decisions) delete d.record;
  }
  await writeFile(reportPath, `${JSON.stringify({ ...report, floor: floorFigures }, null, 2)}\n`);
  if (values.html) {
    const { renderHtml } = await import("../../evals/html.ts");
    const { replayOnlyReport } = await import("../../evals/suite.ts");
    await writeFile(values.html, await renderHtml(replayOnlyReport(report, casesFile)));
  }
  const { decisions: _d, issues: _i, ...summary } = report;
  process.stdout.write(`${JSON.stringify({ ...summary, floor: floorFigures }, null, 2)}\n`);
  process.stderr.write(
    `${report.cases} cases, ${report.casesPerSecond} cases/s, ${report.cost?.cpuMsPerCase ?? "?"} ms CPU/case; LangGraph floor for this graph: ${floorFigures.casesPerSecond} cases/s, ${floor.cpuMsPerCase} ms CPU/case (${threadsUsed} thread${threadsUsed > 1 ? "s" : ""})\n`,
  );
  process.stderr.write(`report written to ${reportPath}${values.html ? ` and ${values.html}` : ""}${values.records ? `; decision records in ${values.records}` : ""}\n`);
  return 0;
}
