// The database stays inside db/ (docs/architecture.md#the-database-layer): no module of the domain
// (lib/, tests aside) imports a database driver or the connection's internals, or names a database in
// its code. What differs between SQLite and PostgreSQL is reached through db/database.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LIB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../lib");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** The code without its comments (block, then line comments not inside a URL like `https://…`). */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ""))
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

const DRIVERS = [
  "better-sqlite3",
  "postgres",
  "drizzle-orm/better-sqlite3",
  "drizzle-orm/postgres-js",
  "drizzle-orm/pg-core",
  "drizzle-orm/sqlite-core",
];
// The connection's internals: how a handle reaches its driver, and which database a URL names.
const INTERNALS =
  /\b(nativeOf|Native|PostgresClient|openPostgres|dialectOf)\b|["']@\/db\/dialect["']|["'](\.\.\/)+db\/dialect["']/;
const NAMES_A_DATABASE = /sqlite|postgres|dialect/i;

function imports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
}

describe("the database boundary", () => {
  const files = sources(LIB);

  it("finds the domain's modules", () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.some((f) => f.endsWith(path.join("lib", "api-auth.ts")))).toBe(true);
  });

  it("no module of lib/ imports a database driver", () => {
    const offending = files.flatMap((file) =>
      imports(codeOf(fs.readFileSync(file, "utf8")))
        .filter((specifier) => DRIVERS.includes(specifier))
        .map((specifier) => `${path.relative(LIB, file)}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("no module of lib/ reaches into the connection's internals", () => {
    const offending = files
      .filter((file) => INTERNALS.test(codeOf(fs.readFileSync(file, "utf8"))))
      .map((file) => path.relative(LIB, file));
    expect(offending).toEqual([]);
  });

  it("no module of lib/ names a database in its code (comments may explain)", () => {
    const offending = files.flatMap((file) =>
      codeOf(fs.readFileSync(file, "utf8"))
        .split("\n")
        .flatMap((line, i) =>
          NAMES_A_DATABASE.test(line) ? [`${path.relative(LIB, file)}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(offending).toEqual([]);
  });

  it("the checks see what they look for", () => {
    expect(imports(codeOf(`import Database from "better-sqlite3";\nconst x = await import("postgres");`))).toEqual([
      "better-sqlite3",
      "postgres",
    ]);
    expect(INTERNALS.test(codeOf(`import { nativeOf } from "@/db/connection";`))).toBe(true);
    expect(NAMES_A_DATABASE.test(codeOf(`// on SQLite this is synchronous\nconst a = 1;`))).toBe(false);
    expect(NAMES_A_DATABASE.test(codeOf(`if (native.dialect === "postgres") run();`))).toBe(true);
    expect(NAMES_A_DATABASE.test(codeOf(`const url = "https://example.test"; // postgres`))).toBe(false);
  });
});
