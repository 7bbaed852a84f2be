// Run before the server starts: creates and migrates the database, seeds demo data into an empty one
// (unless --no-seed), (docs/operations.md#demo-data).
import {
  closeDatabase,
  connect,
  databaseLocation,
  migrateDatabase,
  SEED_LOCK,
  withStartupLock,
} from "../db/connection";
import { DEMO_LEGACY_TOKEN, DEMO_PASSWORD, isEmpty, seedDemoData } from "../lib/demo-data";

async function main() {
  const db = connect();
  await migrateDatabase(db);
  // Processes starting together on one PostgreSQL database seed it once: the check and the seed under a lock.
  await withStartupLock(db, SEED_LOCK, async () => {
    if (process.argv.includes("--no-seed") || !(await isEmpty(db))) return;
    const { acme } = await seedDemoData(db);
    console.log(`[latchkey] seeded demo data: Acme Corp (${acme.id}); sign in as owner@acme.test / ${DEMO_PASSWORD}`);
    console.log(`[latchkey] demo legacy key: ${DEMO_LEGACY_TOKEN}`);
  });
  await closeDatabase(db);
  console.log(`[latchkey] database ready at ${databaseLocation()}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
