import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { AgentName } from "../cases/schema.ts";
import { AppError, errorMessage } from "../core/errors.ts";
import { binaryParamsSchema } from "./tabular/params-schema.ts";
import type { ModelFile } from "./types.ts";

/**
 * Model files: self-contained JSON, validated with zod on the way in so a truncated,
 * hand-edited or foreign file fails with MODEL_INVALID and says what is wrong, instead
 * of producing silent nonsense scores later.
 */

const Training = z.object({
  cases: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative().optional(),
  cv: z.record(z.string(), z.number().nullable().transform((v) => v ?? Number.NaN)),
  notes: z.array(z.string()),
});

const Base = {
  format: z.literal("scenario-model/1"),
  id: z.string().min(1),
  agent: AgentName,
  learner: z.string().min(1),
  training: Training,
};

const BinaryFile = z.object({
  ...Base,
  kind: z.literal("binary"),
  threshold: z.number().min(0).max(1),
  thresholdRule: z.string(),
  params: binaryParamsSchema,
});

const RoutingFile = z.object({
  ...Base,
  kind: z.literal("routing"),
  queues: z.array(z.string()),
  priorities: z.array(z.string()),
  // The text learner owns its parameters; it validates them when it loads them.
  params: z.unknown(),
});

const ModelFileSchema = z.discriminatedUnion("kind", [BinaryFile, RoutingFile]);

/** Validate a parsed JSON value as a model file; MODEL_INVALID with the first problems otherwise. */
export function parseModel(json: unknown): ModelFile {
  const format = typeof json === "object" && json !== null && "format" in json ? (json as { format: unknown }).format : undefined;
  if (format !== "scenario-model/1") {
    throw new AppError("MODEL_INVALID", `Not a scenario model file: format is ${JSON.stringify(format) ?? "missing"}, expected "scenario-model/1".`, { format });
  }
  const parsed = ModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
    throw new AppError("MODEL_INVALID", `Not a valid scenario model file: ${problems.join("; ")}`, { problems });
  }
  const m = parsed.data;
  if (m.kind === "binary" && m.agent === "service-routing") {
    throw new AppError("MODEL_INVALID", `A binary model cannot be for agent "${m.agent}".`);
  }
  if (m.kind === "routing" && m.agent !== "service-routing") {
    throw new AppError("MODEL_INVALID", `A routing model cannot be for agent "${m.agent}".`);
  }
  return m as ModelFile;
}

/** Write a model file atomically (temp file + rename), creating the directory. */
export async function saveModel(path: string, model: ModelFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(model)}\n`, "utf8");
  await rename(tmp, path);
}

/** Read and validate a model file. Missing, unreadable, non-JSON or malformed → MODEL_INVALID. */
export async function loadModel(path: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new AppError("MODEL_INVALID", `Cannot read model file ${path}: ${errorMessage(err)}`, { path }, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError("MODEL_INVALID", `Model file ${path} is not valid JSON (corrupt or truncated?): ${errorMessage(err)}`, { path }, { cause: err });
  }
  try {
    return parseModel(json);
  } catch (err) {
    if (err instanceof AppError) throw new AppError("MODEL_INVALID", `Model file ${path}: ${err.message}`, { path, ...err.details }, { cause: err });
    throw err;
  }
}
