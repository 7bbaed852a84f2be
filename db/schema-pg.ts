// The same tables for PostgreSQL (docs/architecture.md#the-database-layer, issue "Beyond one machine"): column for
// column the schema of db/schema.ts, in PostgreSQL's types. db/schema-parity.test.ts holds the two together (tables,
// columns, nullability, keys, indexes, foreign keys), so neither can change alone. Migrations: `npm run db:generate:pg`
// writes db/migrations-pg/.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { KEY_KINDS, KEY_STATUSES, LEAK_ACTIONS, PLANS, ROLES, SERVICE_ROLES } from "./schema-sqlite";

// Times: timestamptz with milliseconds, read back as Date (SQLite keeps integer milliseconds).
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });
const createdAt = () =>
  ts("created_at")
    .notNull()
    .default(sql`now()`);

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: ts("last_seen_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  plan: text("plan", { enum: PLANS }).notNull().default("hobby"),
  restrictKeyCreation: boolean("restrict_key_creation").notNull().default(false),
  maxKeyLifetimeDays: integer("max_key_lifetime_days"),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    canCreateKeys: boolean("can_create_keys").notNull().default(false),
    joinedAt: ts("joined_at")
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_hash_idx").on(t.tokenHash), index("invitations_account_idx").on(t.accountId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: KEY_KINDS }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    tokenHash: text("token_hash").notNull(),
    hint: text("hint").notNull(),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: text("role", { enum: SERVICE_ROLES }),
    status: text("status", { enum: KEY_STATUSES }).notNull().default("active"),
    expiresAt: ts("expires_at"),
    leakAction: text("leak_action", { enum: LEAK_ACTIONS }).notNull().default("disable"),
    leakedAt: ts("leaked_at"),
    leakedUrl: text("leaked_url"),
    lastUsedAt: ts("last_used_at"),
    lastUsedIp: text("last_used_ip"),
    expiryNotifiedAt: ts("expiry_notified_at"),
    expiredRecordedAt: ts("expired_recorded_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    rotatedFrom: text("rotated_from"),
    firstUsedAt: ts("first_used_at"),
    rotatedAt: ts("rotated_at"),
    rotationEndsOnFirstUse: boolean("rotation_ends_on_first_use"),
    permissions: text("permissions"),
    rateLimit: integer("rate_limit"),
    rateLimitWindow: integer("rate_limit_window"),
    allowedIps: text("allowed_ips"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_keys_token_hash_idx").on(t.tokenHash),
    index("api_keys_expires_idx").on(t.expiresAt),
    index("api_keys_owner_idx").on(t.ownerUserId),
    index("api_keys_account_idx").on(t.accountId, t.kind),
  ],
);

export const keyUsageDaily = pgTable(
  "key_usage_daily",
  {
    keyId: text("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

export const keyUsageAccess = pgTable(
  "key_usage_access",
  {
    keyId: text("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    resource: text("resource").notNull(),
    access: text("access", { enum: ["read", "write"] }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day, t.resource, t.access] })],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    accountId: text("account_id").notNull(),
    actorType: text("actor_type", { enum: ["user", "key", "system", "anonymous"] }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetName: text("target_name"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_account_idx").on(t.accountId, t.id)],
);

export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    link: text("link"),
    readAt: ts("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId, t.readAt),
  ],
);

export const signingKeys = pgTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
  privateJwk: jsonb("private_jwk").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  rolledAt: ts("rolled_at"),
});

export const checks = pgTable(
  "checks",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: ts("updated_at")
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index("checks_account_idx").on(t.accountId)],
);

// PostgreSQL only (docs/operations.md#running-more-than-one-process): rate-limit counters shared by every process. On
// SQLite one process keeps them in memory (lib/rate-limit.ts). One row per bucket ("sign-in-ip:203.0.113.7",
// "key:<id>"), its window's start in epoch milliseconds and its count.
export const rateLimits = pgTable("rate_limits", {
  bucket: text("bucket").primaryKey(),
  windowStart: bigint("window_start", { mode: "number" }).notNull(),
  count: integer("count").notNull(),
});
