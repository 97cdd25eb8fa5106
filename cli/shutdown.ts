import { errorMessage } from "../core/errors.ts";
import { log } from "../core/log.ts";

/**
 * Keep a long-running command alive until SIGTERM or SIGINT, then close its resources in
 * order (first what accepts work, last the database). Resolves to the exit code: 0, or 1
 * when a close step failed (reported, never an unhandled rejection).
 */
export function runUntilSignal(command: string, message: string, closers: (() => Promise<void>)[]): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(message, { signal });
      void (async () => {
        for (const close of closers) await close();
        resolve(0);
      })().catch((err: unknown) => {
        process.stderr.write(`scenario ${command}: error while stopping: ${errorMessage(err)}\n`);
        resolve(1);
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}
