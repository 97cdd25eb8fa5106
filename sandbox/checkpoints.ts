import { MemorySaver } from "@langchain/langgraph";

/** The serializer interface MemorySaver takes (from @langchain/langgraph-checkpoint). */
type SerializerProtocol = NonNullable<ConstructorParameters<typeof MemorySaver>[0]>;

/**
 * In-memory checkpoints for replays, held by reference instead of as JSON text.
 *
 * A replay checkpoints a case only at the veto and at exit, resumes it in the same process
 * and throws the thread away right after, so the JSON round trip MemorySaver's default
 * serializer does (≈ 5% of a lead-triage replay's CPU) buys nothing. Agent state is plain
 * data by contract (see agents/shared/state.ts) and nodes return new objects rather than
 * mutating state, so a value read back is the value written; the live runtime, which
 * checkpoints as JSON in Postgres, is held to the same decisions by the equivalence tests.
 */
export class ReferenceSerde implements SerializerProtocol {
  readonly #values = new Map<number, unknown>();
  #next = 0;

  async dumpsTyped(data: unknown): Promise<[string, Uint8Array]> {
    const id = this.#next++;
    this.#values.set(id, data);
    return [REF, Uint8Array.of(id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff, (id >>> 24) & 0xff)];
  }

  /** MemorySaver keeps only the bytes and reads every value back as type "json": the bytes decide. */
  async loadsTyped(_type: string, data: Uint8Array | string): Promise<unknown> {
    if (typeof data === "string" || data.length !== 4) throw new Error("not a sandbox checkpoint reference");
    const id = ((data[0] ?? 0) | ((data[1] ?? 0) << 8) | ((data[2] ?? 0) << 16) | ((data[3] ?? 0) << 24)) >>> 0;
    if (!this.#values.has(id)) throw new Error(`sandbox checkpoint value ${id} was already released`);
    return this.#values.get(id);
  }

  /** How many values are held (a finished case should leave none). */
  get size(): number {
    return this.#values.size;
  }

  /** Drop every value: called when a case's thread is deleted (one case at a time per runner). */
  release(): void {
    this.#values.clear();
    this.#next = 0;
  }
}

const REF = "sandbox-ref";

/** A MemorySaver over a {@link ReferenceSerde}; `release` forgets a finished case entirely. */
export function sandboxCheckpointer(): { saver: MemorySaver; release(threadId: string): Promise<void>; held(): number } {
  const serde = new ReferenceSerde();
  const saver = new MemorySaver(serde);
  return {
    saver,
    async release(threadId) {
      await saver.deleteThread(threadId);
      serde.release();
    },
    held: () => serde.size,
  };
}
