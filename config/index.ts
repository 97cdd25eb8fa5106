import { z } from "zod";
import { AppError } from "../core/errors.ts";

/**
 * The only module that reads the environment. Parsed once with zod; every problem is
 * listed at once so an operator fixes them in one go. Everything has an offline default:
 * with no variables set, the product runs on embedded PGlite, inline jobs, the offline
 * drafter and the local embedder.
 */
const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Real Postgres with pgvector; unset = embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Real Redis for BullMQ; unset = jobs run inline in the server process. */
  REDIS_URL: z.string().url().optional(),
  /** Where embedded state (PGlite) lives. */
  DATA_DIR: z.string().default("./.data"),
  /** OpenAI-compatible server: either a key or a base URL switches the LLM path on. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  /** Vector length of the embedding model; needed for models other than OpenAI's own (part of the index identity). */
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().max(16000).optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** HMAC secret for the CRM webhook; generated and stored per tenant when unset. */
  WEBHOOK_SECRET: z.string().min(16).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(256).default(4),
  /** Hours a pending approval may wait before it escalates / expires. */
  APPROVAL_SLA_HOURS: z.coerce.number().positive().default(48),
  /** Days a finished thread's checkpoints are kept before pruning (decision log is kept). */
  CHECKPOINT_RETENTION_DAYS: z.coerce.number().min(0).default(7),
  /** How long a worker owns a run it claimed; a crashed worker's run is taken over after it. */
  RUN_LEASE_MS: z.coerce.number().int().min(100).default(60_000),
  /** Worker threads the sandbox replay may use; 0 = one per core. */
  REPLAY_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /** Max request body in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
  /** Tests: real services when set, embedded otherwise. */
  TEST_DATABASE_URL: z.string().url().optional(),
  TEST_REDIS_URL: z.string().url().optional(),
  CI: bool.optional(),
});

export type Config = z.infer<typeof EnvSchema> & {
  /** True when an OpenAI-compatible server is configured. */
  llmEnabled: boolean;
};

/** Parse an environment (default: process.env); throws CONFIG_INVALID listing every problem. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new AppError("CONFIG_INVALID", `Invalid configuration:\n  - ${problems.join("\n  - ")}`, { problems });
  }
  const c = parsed.data;
  return { ...c, llmEnabled: Boolean(c.OPENAI_API_KEY || c.OPENAI_BASE_URL) };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}

