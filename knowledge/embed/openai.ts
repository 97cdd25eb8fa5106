import OpenAI from "openai";
import { AppError, errorMessage } from "../../core/errors.ts";
import type { EmbedInput, Embedder } from "./types.ts";

export interface OpenAiEmbedderOptions {
  model: string;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  /** Vector length; asked of the server when the model supports it, and checked on every answer. */
  dimensions?: number | undefined;
  timeoutMs?: number;
  maxRetries?: number;
  /** Texts per request. */
  batchSize?: number;
}

/** Known default lengths, so the index identity is known before the first call. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/**
 * Any OpenAI-compatible `/v1/embeddings` server (OpenAI, vLLM, Ollama, LiteLLM…). Dense
 * vectors; the id includes the model so a model switch is a new index. An answer of the
 * wrong length or count is an error, never stored.
 */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly kind = "dense";
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly askDimensions: boolean;

  constructor(private readonly opts: OpenAiEmbedderOptions) {
    const dims = opts.dimensions ?? KNOWN_DIMENSIONS[opts.model];
    if (!dims) {
      throw new AppError("CONFIG_INVALID", `Unknown vector length for embedding model "${opts.model}": set OPENAI_EMBEDDING_DIMENSIONS (dimensions)`, { model: opts.model });
    }
    this.dimensions = dims;
    this.askDimensions = opts.dimensions !== undefined && opts.model.startsWith("text-embedding-3");
    this.id = `openai:${opts.model}`;
    this.client = new OpenAI({
      apiKey: opts.apiKey ?? "not-needed",
      baseURL: opts.baseURL,
      timeout: opts.timeoutMs ?? 20_000,
      maxRetries: opts.maxRetries ?? 2,
    });
  }

  async embedDocuments(inputs: EmbedInput[]): Promise<number[][]> {
    const texts = inputs.map((i) => (i.context ? `${i.context}\n\n${i.text}` : i.text));
    const out: number[][] = [];
    const size = this.opts.batchSize ?? 96;
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.call(texts.slice(i, i + size))));
    return out;
  }

  async embedQuery(query: string): Promise<number[]> {
    const [v] = await this.call([query]);
    if (!v) throw new AppError("LLM_FAILED", "Embeddings server returned no vector");
    return v;
  }

  private async call(input: string[]): Promise<number[][]> {
    let res: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      res = await this.client.embeddings.create({
        model: this.opts.model,
        input,
        encoding_format: "float",
        ...(this.askDimensions ? { dimensions: this.dimensions } : {}),
      });
    } catch (err) {
      throw new AppError("LLM_FAILED", `Embeddings request failed: ${errorMessage(err)}`, { model: this.opts.model }, { cause: err });
    }
    const data = [...res.data].sort((a, b) => a.index - b.index);
    if (data.length !== input.length) {
      throw new AppError("LLM_FAILED", `Embeddings server returned ${data.length} vectors for ${input.length} texts`);
    }
    return data.map((d) => {
      if (!Array.isArray(d.embedding) || d.embedding.length !== this.dimensions) {
        const got = Array.isArray(d.embedding) ? d.embedding.length : typeof d.embedding;
        throw new AppError("LLM_FAILED", `Embedding has length ${got}, expected ${this.dimensions} (model ${this.opts.model})`);
      }
      return d.embedding;
    });
  }
}
