import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are stored as integer milliseconds since the epoch and read back as Date.
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const ROLES = ["owner", "admin", "read_write", "read_only"] as const;
export type Role = (typeof ROLES)[number];
export const PLANS = ["hobby", "team", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];
export const KEY_KINDS = ["user", "service", "legacy"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
export const SERVICE_ROLES = ["admin", "read_write", "read_only"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];
export const KEY_STATUSES = ["active", "disabled"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];
export const LEAK_ACTIONS = ["none", "disable", "delete"] as const;
export type LeakAction = (typeof LEAK_ACTIONS)[number];

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  // Stored lower-cased, so the unique index is case-insensitive.
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  // Bumped on password change and "sign out everywhere": sessions carrying an older value are void.
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: createdAt(),
});

// One row per signed-in browser. The session cookie (a next-auth JWT) names its row; signing out deletes
// the row, so a copy of the cookie is worthless afterwards. Idle and absolute lifetimes: lib/sessions.ts.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  plan: text("plan", { enum: PLANS }).notNull().default("hobby"),
  restrictKeyCreation: integer("restrict_key_creation", { mode: "boolean" }).notNull().default(false),
  // Account key policy (docs/concepts.md#status-expiry-and-deletion): new and rotated keys live at most this many days;
  // null: no maximum.
  maxKeyLifetimeDays: integer("max_key_lifetime_days"),
  createdAt: createdAt(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    canCreateKeys: integer("can_create_keys", { mode: "boolean" }).notNull().default(false),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    // Only the SHA-256 of the invitation token is kept; the link is shown once to the inviter.
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_hash_idx").on(t.tokenHash), index("invitations_account_idx").on(t.accountId)],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: KEY_KINDS }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    tokenHash: text("token_hash").notNull(),
    hint: text("hint").notNull(),
    // User keys: the owner. Service and legacy keys: null.
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    // Service and legacy keys: the account they belong to. User keys: the account they were created in.
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    // Service keys only; legacy keys act as admin, user keys take their owner's role.
    role: text("role", { enum: SERVICE_ROLES }),
    status: text("status", { enum: KEY_STATUSES }).notNull().default("active"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    leakAction: text("leak_action", { enum: LEAK_ACTIONS }).notNull().default("disable"),
    leakedAt: integer("leaked_at", { mode: "timestamp_ms" }),
    leakedUrl: text("leaked_url"),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    lastUsedIp: text("last_used_ip"),
    // Set when the 7-day reminder went out, and when the key's expiry was recorded in the audit log.
    expiryNotifiedAt: integer("expiry_notified_at", { mode: "timestamp_ms" }),
    expiredRecordedAt: integer("expired_recorded_at", { mode: "timestamp_ms" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    // Rotation (docs/concepts.md#rotation). On the new key: the key it replaces, and its first accepted use (which
    // ends the old key when the rotation says so). On the old key: when it was rotated, and whether
    // the new key's first use ends it; its expires_at holds the deadline.
    rotatedFrom: text("rotated_from"),
    firstUsedAt: integer("first_used_at", { mode: "timestamp_ms" }),
    rotatedAt: integer("rotated_at", { mode: "timestamp_ms" }),
    rotationEndsOnFirstUse: integer("rotation_ends_on_first_use", { mode: "boolean" }),
    // Restricted keys (docs/concepts.md#restrictions-rate-limits-and-allow-lists): JSON {"checks": "read", ...}, every
    // resource named; null inherits the role.
    permissions: text("permissions"),
    // Per-key rate limit: requests per window (seconds); both null when the key has none.
    rateLimit: integer("rate_limit"),
    rateLimitWindow: integer("rate_limit_window"),
    // IP allow-list: JSON array of addresses and CIDR ranges; null allows every address.
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

export const keyUsageDaily = sqliteTable(
  "key_usage_daily",
  {
    keyId: text("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    // UTC day, YYYY-MM-DD.
    day: text("day").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

// What each key did, per UTC day, resource and read/write (key health's over_privileged finding),
// written off the request path with the daily counts.
export const keyUsageAccess = sqliteTable(
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

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // No foreign key: the history of an account, its deletion included, outlives the account.
    accountId: text("account_id").notNull(),
    actorType: text("actor_type", { enum: ["user", "key", "system", "anonymous"] }).notNull(),
    actorId: text("actor_id"),
    // Names are copied at write time so the history reads the same after a user or key is gone.
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetName: text("target_name"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_account_idx").on(t.accountId, t.id)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    link: text("link"),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId, t.readAt),
  ],
);

// Keys that sign access tokens (docs/operations.md#signing-keys). The newest unrolled one signs; a rolled one stays in
// the JWKS until every token it signed has expired. The private half never leaves the server.
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  publicJwk: text("public_jwk", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  privateJwk: text("private_jwk", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  rolledAt: integer("rolled_at", { mode: "timestamp_ms" }),
});

export const checks = sqliteTable(
  "checks",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("checks_account_idx").on(t.accountId)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type Check = typeof checks.$inferSelect;
export type SigningKey = typeof signingKeys.$inferSelect;
