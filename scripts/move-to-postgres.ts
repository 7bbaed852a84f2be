// npm run db:to-postgres -- <postgres://…>   (SQLite file: DATABASE_PATH, default data/latchkey.db)
// Copies an existing SQLite database into an empty PostgreSQL database; see db/move-to-postgres.ts.
import { openDatabase } from "@/db/connection";
import { moveToPostgres } from "@/db/move-to-postgres";

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error("Usage: npm run db:to-postgres -- postgres://user:password@host:5432/database");
  process.exit(2);
}
const source = openDatabase();
moveToPostgres(source, url, (line) => console.log(`  ${line}`)).then(
  () => console.log("Moved. Start Latchkey with DATABASE_URL set to that database."),
  (error) => {
    console.error(`Could not move the data: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
