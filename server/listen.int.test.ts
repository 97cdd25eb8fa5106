import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { listen } from "./listen.ts";

describe("listen", () => {
  it("serves on a free loopback port and says clearly when a port is taken", async () => {
    // Given a server on a free port
    const app = new Hono().get("/", (c) => c.text("hi"));
    const first = await listen(app, { port: 0, hostname: "127.0.0.1" });
    try {
      expect(await (await fetch(first.url)).text()).toBe("hi");
      // When a second server asks for the same port
      const second = listen(app, { port: first.port, hostname: "127.0.0.1" });
      // Then it fails with a configuration error naming the port
      await expect(second).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(String(first.port)) });
    } finally {
      await first.close();
    }
  });
});

describe("oversized bodies over real HTTP", () => {
  it("answer 413 problems rather than resetting the connection", async () => {
    // Given the API with a 1 kB body limit on loopback
    const { createTestApp } = await import("../test/server/harness.ts");
    const t = await createTestApp({ maxBodyBytes: 1_000 });
    const server = await listen(t.app, { port: 0, hostname: "127.0.0.1" });
    try {
      // When clients send bodies from just over the limit to megabytes
      const statuses: number[] = [];
      for (const size of [1_001, 100_000, 3_000_000, 3_000_000, 8_000_000]) {
        const res = await fetch(`${server.url}/v1/runs`, { method: "POST", headers: { ...t.auth("rep"), "content-type": "application/json" }, body: "x".repeat(size) });
        statuses.push(res.status);
        expect(((await res.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
      }
      // Then every one of them gets the problem document
      expect(statuses).toEqual([413, 413, 413, 413, 413]);
    } finally {
      await server.close();
    }
  });
});
