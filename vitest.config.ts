import { defineConfig } from "vitest/config";

/**
 * Two tiers, told apart by suffix: `*.test.ts` is pure logic, `*.int.test.ts` talks to a
 * real Postgres/Redis (TEST_DATABASE_URL / TEST_REDIS_URL) or embedded PGlite when unset.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", ".data/**"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".data/**"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
