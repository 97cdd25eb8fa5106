import { config } from "../config/index.ts";
import { openScratchDb, type ScratchDb } from "../db/scratch.ts";

/** A fresh database for one test: a scratch schema on TEST_DATABASE_URL's Postgres, or an in-memory PGlite. */
export type TestDb = ScratchDb;

export function openTestDb(url: string | undefined = config().TEST_DATABASE_URL): Promise<TestDb> {
  return openScratchDb(url);
}

/** Redis URL for integration tests, or undefined (tests then skip and say why). */
export function testRedisUrl(): string | undefined {
  return config().TEST_REDIS_URL;
}

export const REDIS_SKIP_REASON = "skipped: TEST_REDIS_URL is not set, and queue tests need a real Redis (run via .ci/run or export TEST_REDIS_URL)";
