import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { AppError } from "../core/errors.ts";

/** A running HTTP server: its base URL and a close that waits for open connections. */
export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve `app` on host:port (port 0 = any free port, for tests). */
export function listen(app: Pick<Hono, "fetch">, opts: { port: number; hostname: string }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.hostname }, (info: AddressInfo) => {
      const host = info.address.includes(":") ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            // Long SSE streams would keep close() waiting: end idle and open sockets.
            if ("closeIdleConnections" in server) server.closeIdleConnections();
            server.close(() => done());
            if ("closeAllConnections" in server) setTimeout(() => server.closeAllConnections(), 2_000).unref();
          }),
      });
    });
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") reject(new AppError("CONFIG_INVALID", `Port ${opts.port} on ${opts.hostname} is already in use: pass --port or set PORT.`));
      else if (err.code === "EACCES") reject(new AppError("CONFIG_INVALID", `No permission to listen on port ${opts.port}: use a port above 1023.`));
      else reject(err);
    });
  });
}
