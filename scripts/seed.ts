// npm run db:seed — seeds the demo data (docs/operations.md#demo-data). With --if-empty, only into an empty database.
import { closeDatabase, connect, databaseLocation, migrateDatabase } from "../db/connection";
import { DEMO_LEGACY_TOKEN, DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemoData } from "../lib/demo-data";

async function main() {
  const db = connect();
  await migrateDatabase(db);
  if (!(await isEmpty(db))) {
    if (process.argv.includes("--if-empty")) return;
    console.error(`${databaseLocation()} already has data; the demo seed only goes into an empty database.`);
    console.error("Delete the file (or set DATABASE_PATH to a new one) to start over.");
    process.exit(1);
  }
  const { acme, keys } = await seedDemoData(db);
  console.log(`Seeded demo data into ${databaseLocation()}`);
  console.log(`  Account: Acme Corp (enterprise), Account ID ${acme.id}`);
  // Their tokens were random and are kept only as hashes: none can be printed (docs/operations.md#demo-data).
  console.log(
    `  ${Object.keys(keys).length + 4} API keys: user, service and legacy, a leaked one and a rotation under way`,
  );
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(18)} ${u.role.padEnd(10)} password: ${DEMO_PASSWORD}`);
  console.log(`  Legacy account key: ${DEMO_LEGACY_TOKEN}`);
  await closeDatabase(db);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
