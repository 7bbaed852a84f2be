import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nativeOf, openDatabase } from "./connection";
import { databaseName, databaseReachable } from "./health";

describe("databaseReachable", () => {
  it("is true for an open database and false, without throwing, once it cannot answer", async () => {
    const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lk-health-")), "h.db"));
    expect(databaseName(db)).toBe("sqlite");
    expect(await databaseReachable(db)).toBe(true);
    const native = nativeOf(db);
    if (native.dialect === "sqlite") native.sqlite.close();
    expect(await databaseReachable(db)).toBe(false);
  });
});
