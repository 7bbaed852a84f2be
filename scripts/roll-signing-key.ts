// npm run keys:roll-signing — a new key signs access tokens from now on; the old one stays in the JWKS
// (and keeps verifying) until every token it signed has expired (at most an hour). Running servers pick
// the new key up at their next exchange; services that cache the JWKS refetch on an unknown `kid`.
// `-- --revoke` (a signing key thought exposed): the old key leaves the JWKS at once, and every running
// server stops accepting the tokens it signed within a minute (docs/operations.md#signing-keys).
import { closeDatabase, connect, migrateDatabase } from "../db/connection";
import { MAX_TOKEN_TTL_S, rollSigningKey } from "../lib/access-tokens";

async function main() {
  const db = connect();
  await migrateDatabase(db);
  const revoke = process.argv.includes("--revoke");
  const { rolled, current } = await rollSigningKey(db, new Date(), { revoke });
  const old = !rolled
    ? ""
    : revoke
      ? `; ${rolled} left the JWKS: running servers refuse its tokens within a minute`
      : `; ${rolled} stays published for ${MAX_TOKEN_TTL_S / 60} minutes`;
  console.log(`[latchkey] signing key ${current} signs from now on${old}.`);
  await closeDatabase(db);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
