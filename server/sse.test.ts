import { beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/server/harness.ts";

interface Sse {
  id?: string;
  event?: string;
  data?: string;
}

function parseSse(text: string): Sse[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const ev: Sse = {};
      for (const line of block.split("\n")) {
        const i = line.indexOf(":");
        const k = line.slice(0, i);
        const v = line.slice(i + 1).trimStart();
        if (k === "id" || k === "event" || k === "data") ev[k] = v;
      }
      return ev;
    });
}

describe("run events over SSE", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });

  async function startRun(subject: { type: string; id: string }): Promise<string> {
    const res = await t.app.request("/v1/runs", { method: "POST", headers: { ...t.auth("rep"), "content-type": "application/json" }, body: JSON.stringify({ subject }) });
    return ((await res.json()) as { runId: string }).runId;
  }

  it("streams every event in order while the run executes, ending at waiting_approval", async () => {
    // Given a run that is still executing when the stream opens
    t.runtime.executeDelayMs = 40;
    const runId = await startRun({ type: "account", id: "A-1" });
    // When the client streams its events
    const res = await t.app.request(`/v1/runs/${runId}/events`, { headers: t.auth("rep") });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await res.text());
    // Then seq goes 1, 2, 3… with no gap or repeat, and the last one is the waiting state
    const seqs = events.map((e) => JSON.parse(e.data ?? "{}").seq as number);
    expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
    expect(events.map((e) => e.id)).toEqual(seqs.map(String));
    expect(events[0]?.event).toBe("queued");
    expect(events.at(-1)?.event).toBe("waiting_approval");
    expect(events.filter((e) => e.event === "node").map((e) => JSON.parse(e.data ?? "{}").node)).toEqual(["load_context", "score", "draft_brief", "propose_actions", "policy_gate"]);
  });

  it("resumes after Last-Event-ID without repeating events", async () => {
    const runId = await startRun({ type: "lead", id: "L-1" });
    await t.queue.idle();
    const res = await t.app.request(`/v1/runs/${runId}/events`, { headers: { ...t.auth("analyst"), "last-event-id": "3" } });
    const events = parseSse(await res.text());
    expect(events[0]?.id).toBe("4");
    expect(events.at(-1)?.event).toBe("completed");
  });

  it("ends a stream of a run settled without a terminal event (e.g. rejected)", async () => {
    const runId = await startRun({ type: "account", id: "A-2" });
    await t.queue.idle();
    const [approval] = await t.runtime.listApprovals("acme", {});
    await t.app.request(`/v1/approvals/${approval?.id}/decision`, {
      method: "POST",
      headers: { ...t.auth("manager"), "content-type": "application/json" },
      body: JSON.stringify({ answer: "reject", reasonCode: "wrong_action" }),
    });
    const res = await t.app.request(`/v1/runs/${runId}/events`, { headers: { ...t.auth("rep"), "last-event-id": "8" } });
    expect(parseSse(await res.text()).map((e) => e.event)).toEqual(["resumed", "completed"]);
  });
});
