// drizzle-kit for the PostgreSQL schema (db/schema-pg.ts): `npm run db:generate:pg` writes db/migrations-pg/.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
