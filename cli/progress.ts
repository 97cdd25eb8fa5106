/**
 * Progress for long CLI work: a redrawn bar on a terminal, plain periodic lines otherwise
 * (CI logs, pipes). Always on stderr so stdout stays machine-readable.
 */
export interface Progress {
  tick(n?: number): void;
  /** Set the absolute count (and optionally a new total). */
  update(done: number, newTotal?: number): void;
  done(message?: string): void;
}

export function progress(label: string, initialTotal: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let total = initialTotal;
  const started = Date.now();
  let count = 0;
  let lastLine = 0;
  const render = (final: boolean) => {
    const pct = total > 0 ? Math.min(1, count / total) : 1;
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(count / secs) : 0;
    if (tty) {
      const width = 30;
      const filled = Math.round(pct * width);
      stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total} ${rate}/s${final ? "\n" : ""}`);
    } else if (final || Date.now() - lastLine > 2000) {
      lastLine = Date.now();
      stream.write(`${label}: ${count}/${total} (${Math.round(pct * 100)}%) ${rate}/s\n`);
    }
  };
  let lastRender = 0;
  return {
    tick(n = 1) {
      count += n;
      if (Date.now() - lastRender > 100) {
        lastRender = Date.now();
        render(false);
      }
    },
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      this.tick(done - count);
    },
    done(message) {
      render(true);
      if (message) stream.write(`${message}\n`);
    },
  };
}
