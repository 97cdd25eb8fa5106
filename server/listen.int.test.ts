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
