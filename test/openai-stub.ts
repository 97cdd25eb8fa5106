import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible server for tests: `/v1/chat/completions` and `/v1/embeddings`.
 * Each handler gets the parsed request body and returns what the stub should answer, so a
 * test can script good replies, malformed replies, errors and slowness.
 */
export type StubReply =
  | { kind: "chat"; content?: string; toolCall?: { name: string; arguments: string } }
  | { kind: "embeddings"; vectors: number[][] }
  | { kind: "error"; status: number; message: string }
  | { kind: "hang" };

export interface StubRequest {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
}

export interface OpenAiStub {
  /** Base URL to use as OPENAI_BASE_URL (ends with /v1). */
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export type StubHandler = (req: StubRequest, n: number) => StubReply | Promise<StubReply>;

export async function startOpenAiStub(handler: StubHandler): Promise<OpenAiStub> {
  const requests: StubRequest[] = [];
  const hanging = new Set<() => void>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    const request: StubRequest = { path: req.url ?? "", body, headers: req.headers };
    requests.push(request);
    const reply = await handler(request, requests.length);
    if (reply.kind === "hang") {
      await new Promise<void>((resolve) => {
        hanging.add(resolve);
        req.on("close", resolve);
      });
      return;
    }
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (reply.kind === "error") return send(reply.status, { error: { message: reply.message, type: "stub_error" } });
    const model = typeof body.model === "string" ? body.model : "stub";
    if (reply.kind === "embeddings") {
      return send(200, {
        object: "list",
        model,
        data: reply.vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    const message = reply.toolCall
      ? {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: reply.toolCall }],
        }
      : { role: "assistant", content: reply.content ?? "" };
    send(200, {
      id: `chatcmpl-${requests.length}`,
      object: "chat.completion",
      created: 0,
      model,
      choices: [{ index: 0, message, finish_reason: reply.toolCall ? "tool_calls" : "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const r of hanging) r();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
