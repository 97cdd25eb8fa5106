import { readCases } from "../../cases/reader.ts";
import { AppError } from "../../core/errors.ts";
import { fitModel, saveModel } from "../../models/index.ts";
import { agentFlag, parseFlags, requireFlag } from "../args.ts";
import { progress } from "../progress.ts";

const USAGE = "scenario fit --agent <name> --cases <train.jsonl> --out <model.json> [--seed n] [--folds k]";

/** `scenario fit`: learn the agent's decision model from case outcomes; write the model file. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    { agent: { type: "string" }, cases: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, folds: { type: "string" } },
    USAGE,
  );
  const agent = agentFlag(values.agent, USAGE);
  const file = requireFlag(values.cases, "cases", USAGE);
  const out = requireFlag(values.out, "out", USAGE);
  const seed = values.seed ? Number(values.seed) : 42;
  const folds = values.folds ? Number(values.folds) : 5;
  if (!Number.isInteger(seed) || !Number.isInteger(folds) || folds < 2) throw new AppError("INPUT_INVALID", `--seed must be an integer and --folds ≥ 2\nusage: ${USAGE}`);

  const { cases, report } = await readCases(file, { agent, requireOutcome: true });
  for (const issue of report.issues.slice(0, 20)) process.stderr.write(`skipped line ${issue.line}: ${issue.reason}\n`);
  if (report.skipped > 20) process.stderr.write(`… and ${report.skipped - 20} more skipped lines\n`);
  if (cases.length < 10) throw new AppError("CASE_INVALID", `need at least 10 valid ${agent} cases with outcomes to fit; found ${cases.length} in ${file}`);

  const bar = progress(`fit ${agent}`, 1);
  const model = fitModel(agent, cases.map((c) => c.case), { seed, folds, onProgress: (done, total) => bar.update(done, total) });
  bar.done();
  await saveModel(out, model);
  const summary = { model: model.id, agent, learner: model.learner, cases: cases.length, skipped: report.skipped, cv: model.training.cv, notes: model.training.notes, ...(model.kind === "binary" ? { threshold: model.threshold, thresholdRule: model.thresholdRule } : {}), out };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}
