import { describe, expect, it } from "vitest";
import { isConnectionError, withConnectionRetry } from "./pool.ts";

/** An error shaped like the ones `pg` raises: a message and a SQLSTATE or errno code. */
const pgError = (message: string, code?: string): Error => Object.assign(new Error(message), code === undefined ? {} : { code });

describe("connection errors", () => {
  it("tells a lost connection from a failed statement", () => {
    // Given errors a dropped connection produces, and errors a bad statement produces
    const lost = [
      pgError("terminating connection due to administrator command", "57P01"),
      pgError("connection failure", "08006"),
      pgError("read ECONNRESET", "ECONNRESET"),
      pgError("Connection terminated unexpectedly"),
      new Error("claim failed", { cause: pgError("Client has encountered a connection error and is not queryable") }),
    ];
    const failed = [pgError("duplicate key value violates unique constraint", "23505"), pgError("syntax error at or near", "42601"), new Error("boom"), "a string"];
    // Then only the first kind is a connection error (including when wrapped as a cause)
    expect(lost.map((e) => isConnectionError(e))).toEqual(lost.map(() => true));
    expect(failed.map((e) => isConnectionError(e))).toEqual(failed.map(() => false));
  });

  it("retries idempotent work through a dropped connection, and nothing else", async () => {
    // Given work that loses its connection twice before succeeding
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls <= 2) throw pgError("terminating connection due to administrator command", "57P01");
      return "done";
    };
    // When it runs with retries, Then it succeeds on the third call
    await expect(withConnectionRetry(flaky)).resolves.toBe("done");
    expect(calls).toBe(3);

    // Given work failing with a constraint violation, Then it is not repeated
    let violations = 0;
    const violates = async () => {
      violations++;
      throw pgError("duplicate key value violates unique constraint", "23505");
    };
    await expect(withConnectionRetry(violates)).rejects.toThrow(/duplicate key/);
    expect(violations).toBe(1);

    // Given a connection that never comes back, Then it gives up after four retries with the last error
    let attempts = 0;
    const down = async () => {
      attempts++;
      throw pgError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED");
    };
    await expect(withConnectionRetry(down)).rejects.toThrow(/ECONNREFUSED/);
    expect(attempts).toBe(5);
  });
});
