/**
 * A small structured logger (one JSON object per line on stderr). Keys that look like
 * secrets are redacted wherever they appear, so a stray `apiKey` never reaches a log.
 */
type Level = "debug" | "info" | "warn" | "error";
export type LogLevel = Level | "silent";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
let threshold: LogLevel = "info";

/**
 * The lowest level written. Set once by the process that starts (the app layer, from the
 * configuration's LOG_LEVEL); "info" until then. The floor reads no configuration itself.
 */
export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|authorization|cookie|hash)/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

function emit(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = { t: new Date().toISOString(), level, msg, ...(fields ? (redact(fields) as object) : {}) };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

export const log = {
  debug: (msg: string, f?: Record<string, unknown>) => emit("debug", msg, f),
  info: (msg: string, f?: Record<string, unknown>) => emit("info", msg, f),
  warn: (msg: string, f?: Record<string, unknown>) => emit("warn", msg, f),
  error: (msg: string, f?: Record<string, unknown>) => emit("error", msg, f),
};
