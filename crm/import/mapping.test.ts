import { describe, expect, it } from "vitest";
import { convert, loadMapping, parseMapping } from "./mapping.ts";

describe("CSV mapping", () => {
  it("converts cells by type and says why a cell is bad", () => {
    expect(convert("TRUE", { field: "x", type: "boolean" })).toBe(true);
    expect(convert("False", { field: "x", type: "boolean" })).toBe(false);
    expect(convert("1,234", { field: "x", type: "number" })).toBe(1234);
    expect(convert("", { field: "x", type: "number" })).toBeNull();
    expect(convert("feature_5", { field: "x", type: "string", prefix: "feature:" })).toBe("feature:feature_5");
    expect(convert("2023-07-28 3:00", { field: "x", type: "datetime" })).toBe("2023-07-28T03:00:00Z");
    expect(convert("2024-02-29", { field: "x", type: "date" })).toBe("2024-02-29");
    expect(() => convert("2023-02-29", { field: "x", type: "date" })).toThrow(/not a date/);
    expect(() => convert("maybe", { field: "x", type: "boolean" })).toThrow(/not a boolean/);
    expect(() => convert("1.5", { field: "x", type: "integer" })).toThrow(/not an integer/);
  });

  it("rejects a mapping naming unknown tables or columns, listing every problem", () => {
    const bad = {
      version: 1,
      files: [{ file: "a.csv", table: "accounts", key: ["id"], columns: { a: "no_such_column", b: { field: "attributes.ok" }, c: { field: "account_id", lookup: { table: "subscriptions", take: "nope" } } } }],
    };
    expect(() => parseMapping(bad)).toThrow(/no column "no_such_column"[\s\S]*no column "account_id"[\s\S]*subscriptions has no column "nope"/);
    expect(() => parseMapping({ version: 1, files: [{ file: "a.csv", table: "pg_user", key: ["id"], columns: {} }] })).toThrow(/unknown table/);
  });

  it("accepts the committed ravenstack mapping", async () => {
    const m = await loadMapping("crm/import/mappings/ravenstack.json");
    expect(m.files.map((f) => f.table)).toEqual(["accounts", "subscriptions", "accounts", "usage_events", "tickets", "events"]);
  });
});
