import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { AppError } from "../core/errors.ts";

/** The shared development data, read in place (never copied into the repository). */
export function sharedCases(name: string): string {
  const path = resolve(import.meta.dirname, "../../shared/data/cases", name);
  if (!existsSync(path)) throw new AppError("CASE_FILE_MISSING", `benchmark data not found: ${path} (expects ../shared beside the project)`);
  return path;
}
