// The SQLite and PostgreSQL schemas describe the same database: same tables, columns, nullability,
// primary keys, unique and plain indexes, foreign keys and defaults present. A column added to one and
// not the other fails here before any query can notice.
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqlite from "./schema-sqlite";
import * as pg from "./schema-pg";

type Shape = {
  columns: Record<string, { notNull: boolean; primary: boolean; hasDefault: boolean; unique: boolean; type: string }>;
  primaryKeys: string[][];
  indexes: string[];
  foreignKeys: string[];
};

// What each dialect's column types mean, in one vocabulary.
const TYPE: Record<string, string> = {
  SQLiteText: "text",
  SQLiteTextJson: "json",
  SQLiteInteger: "integer",
  SQLiteTimestamp: "time",
  SQLiteBoolean: "boolean",
  PgText: "text",
  PgJsonb: "json",
  PgInteger: "integer",
  PgBigInt53: "integer",
  PgTimestamp: "time",
  PgBoolean: "boolean",
};

function shape(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>): Shape {
  const columns: Shape["columns"] = {};
  for (const c of config.columns)
    columns[c.name] = {
      notNull: c.notNull,
      primary: c.primary,
      hasDefault: c.hasDefault || (c.primary === true && c.columnType === "PgBigInt53"),
      unique: c.isUnique,
      type: TYPE[c.columnType] ?? c.columnType,
    };
  return {
    columns,
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: config.indexes
      .map(
        (i) =>
          `${i.config.name}${i.config.unique ? " unique" : ""}(${i.config.columns.map((c) => ("name" in c ? c.name : "?")).join(",")})`,
      )
      .sort(),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const r = fk.reference();
        return `${r.columns.map((c) => c.name).join(",")}→${r.foreignColumns.map((c) => c.name).join(",")} on delete ${fk.onDelete ?? "no action"}`;
      })
      .sort(),
  };
}

const sqliteTables = Object.fromEntries(
  (Object.values(sqlite) as unknown[])
    .filter((v): v is SQLiteTable => v instanceof SQLiteTable)
    .map((t) => [sqliteConfig(t).name, t]),
);
// Tables only PostgreSQL needs: shared rate-limit counters (SQLite's one process keeps them in memory).
const PG_ONLY = ["rate_limits"];
const pgTables = Object.fromEntries(
  (Object.values(pg) as unknown[])
    .filter((v): v is PgTable => v instanceof PgTable)
    .map((t) => [pgConfig(t).name, t] as const)
    .filter(([name]) => !PG_ONLY.includes(name)),
);

describe("the SQLite and PostgreSQL schemas agree", () => {
  it("have the same tables", () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(sqliteTables).length).toBeGreaterThanOrEqual(12);
  });

  for (const name of Object.keys(sqliteTables).sort())
    it(`${name}: columns, keys, indexes and foreign keys`, () => {
      const a = shape(sqliteConfig(sqliteTables[name]!));
      const b = shape(pgConfig(pgTables[name]!));
      expect(b).toEqual(a);
    });
});
