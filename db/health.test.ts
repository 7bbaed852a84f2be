import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { databaseReachable } from "./health";

describe("databaseReachable", () => {
  it("is true for an open database and false, without throwing, once it cannot answer", () => {
    const sqlite = new Database(":memory:");
    expect(databaseReachable(sqlite)).toBe(true);
    sqlite.close();
    expect(databaseReachable(sqlite)).toBe(false);
  });
});
