// The tables the domain queries. One domain layer for both databases (docs/architecture.md#the-database-layer): the
// tables are SQLite's (db/schema-sqlite.ts) or, when DATABASE_URL names PostgreSQL, PostgreSQL's (db/schema-pg.ts).
// Both read and write the same JavaScript values (Date, boolean, number, JSON), and db/schema-parity.test.ts keeps them
// column for column alike, so the domain is typed once, with SQLite's builders, and the query builder of the process's
// database writes the SQL.
import { dialect } from "./dialect";
import * as pg from "./schema-pg";
import * as lite from "./schema-sqlite";

export * from "./schema-sqlite";

const on = dialect === "postgres";
const pick = <T>(sqliteTable: T, pgTable: unknown): T => (on ? pgTable : sqliteTable) as T;

export const users = pick(lite.users, pg.users);
export const sessions = pick(lite.sessions, pg.sessions);
export const accounts = pick(lite.accounts, pg.accounts);
export const memberships = pick(lite.memberships, pg.memberships);
export const invitations = pick(lite.invitations, pg.invitations);
export const apiKeys = pick(lite.apiKeys, pg.apiKeys);
export const keyUsageDaily = pick(lite.keyUsageDaily, pg.keyUsageDaily);
export const keyUsageAccess = pick(lite.keyUsageAccess, pg.keyUsageAccess);
export const auditEvents = pick(lite.auditEvents, pg.auditEvents);
export const notifications = pick(lite.notifications, pg.notifications);
export const signingKeys = pick(lite.signingKeys, pg.signingKeys);
export const checks = pick(lite.checks, pg.checks);
