// Which database this process runs on (docs/operations.md#postgresql): PostgreSQL when DATABASE_URL names one,
// else the embedded SQLite file (DATABASE_PATH). Decided once, when the process starts.
export type Dialect = "sqlite" | "postgres";

export function dialectOf(url = process.env.DATABASE_URL): Dialect {
  return url && /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

export const dialect: Dialect = dialectOf();
