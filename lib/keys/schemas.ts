// The inputs of key operations, as the console's forms and the API send them (zod), in one place.
import { z } from "zod";
import { LEAK_ACTIONS, SERVICE_ROLES } from "@/db/schema";
import { PublicError } from "../errors";
import { ACCESS_LEVELS, RESOURCES, type Access, type AccessLevel } from "../policy";
import { pageLimitSchema } from "../paging";
import { plainText } from "../validation";
import { allowedIpsSchema, allowedIpsTextSchema, MAX_ALLOWED_IPS, permissionsSchema, rateLimitSchema } from "./limits";

export const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRY_CHOICES = ["never", "7", "30", "90", "365", "custom"] as const;

export const keyNameSchema = plainText({ min: 1, max: 100 });
export const keyDescriptionSchema = plainText({ max: 500, multiline: true })
  .optional()
  .transform((v) => (v ? v : null));
export const leakActionSchema = z.enum(LEAK_ACTIONS, { error: "Choose what happens if the key leaks." });

/**
 * The Expires control of the create and edit dialogs: never, 7/30/90/365 days, or a custom date (the key
 * works until the end of that day, UTC). A date in the past is refused. The console always sends a choice; a
 * form without one (a script posting the action) keeps "never", which the account's maximum still caps.
 */
export function expiryFormSchema(now: () => number = Date.now) {
  return z
    .object({
      expires: z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." }).default("never"),
      expiresOn: z.string().optional(),
    })
    .transform((v, ctx): Date | null => {
      if (v.expires === "never") return null;
      if (v.expires !== "custom") return new Date(now() + Number(v.expires) * DAY_MS);
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.expiresOn ?? "");
      const end = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999) : NaN;
      if (!Number.isFinite(end)) {
        ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Enter a date." });
        return z.NEVER;
      }
      if (end <= now()) {
        ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose a date in the future." });
        return z.NEVER;
      }
      return new Date(end);
    });
}

export function assertFutureExpiry(expiresAt: Date | null, now = Date.now()): void {
  if (expiresAt && expiresAt.getTime() <= now)
    throw new PublicError("validation_failed", "The expiry date must be in the future.", {
      expiresAt: ["Choose a date in the future."],
    });
}

const expiryFields = {
  expires: z.enum([...EXPIRY_CHOICES, "keep"], { error: "Choose when the key expires." }).optional(),
  expiresOn: z.string().max(20).optional(),
};

/** Turns the Expires control's fields into `expiresAt`, reporting errors on the right field. */
function withExpiresAt<T extends { expires?: string; expiresOn?: string }>(
  v: T,
  ctx: z.RefinementCtx,
): Omit<T, "expires" | "expiresOn"> & { expiresAt: Date | null } {
  const { expires, expiresOn, ...rest } = v;
  return { ...rest, expiresAt: parseExpiry(expires, expiresOn, ctx) };
}

/** As withExpiresAt, where "keep" leaves the expiry as it is (`undefined`). */
function withOptionalExpiresAt<T extends { expires?: string; expiresOn?: string }>(
  v: T,
  ctx: z.RefinementCtx,
): Omit<T, "expires" | "expiresOn"> & { expiresAt: Date | null | undefined } {
  const { expires, expiresOn, ...rest } = v;
  return { ...rest, expiresAt: expires === "keep" ? undefined : parseExpiry(expires, expiresOn, ctx) };
}

function parseExpiry(expires: string | undefined, expiresOn: string | undefined, ctx: z.RefinementCtx): Date | null {
  const expiry = expiryFormSchema().safeParse({ expires: expires || "never", expiresOn });
  if (!expiry.success) {
    for (const issue of expiry.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path.length ? issue.path : ["expires"], message: issue.message });
    return null;
  }
  return expiry.data;
}

/** The create dialog (user and service keys; `role` is read for service keys only). */
export const createKeyFormSchema = z.intersection(
  z
    .object({
      name: keyNameSchema,
      description: keyDescriptionSchema,
      leakAction: leakActionSchema.default("disable"),
      ...expiryFields,
    })
    .transform(withExpiresAt),
  lazyLimits(),
);

export const updateKeyFormSchema = z.intersection(
  z
    .object({
      keyId: z.string().uuid({ error: "Invalid id." }),
      name: keyNameSchema,
      description: keyDescriptionSchema,
      ...expiryFields,
    })
    .transform(withOptionalExpiresAt),
  lazyLimits(),
);

export const serviceRoleSchema = z.enum(SERVICE_ROLES, { error: "Choose a role: admin, read_write or read_only." });

export const createServiceKeyFormSchema = z.intersection(
  z
    .object({
      name: keyNameSchema,
      description: keyDescriptionSchema,
      role: serviceRoleSchema,
      leakAction: leakActionSchema.default("disable"),
      ...expiryFields,
    })
    .transform(withExpiresAt),
  lazyLimits(),
);

const apiExpiresAt = z.iso
  .datetime({ offset: true, error: "Use an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z." })
  .transform((v) => new Date(v));

/**
 * The limits of docs/concepts.md#restrictions-rate-limits-and-allow-lists as the API takes them; null clears one,
 * omitted keeps (or, on create, none).
 */
const apiLimitFields = {
  permissions: permissionsSchema.nullish().meta({
    description:
      'Restrict the key: {"checks": "read", "members": "none", ...}; resources left out get none; null inherits the role',
  }),
  rateLimit: rateLimitSchema.nullish(),
  allowedIps: allowedIpsSchema.nullish().meta({
    description: `IPv4 and IPv6 addresses and CIDR ranges (at most ${MAX_ALLOWED_IPS}); null or [] allows any address`,
  }),
};

/**
 * POST /api/v1/api-keys: `{name, role, expiresAt?, leakAction?, description?, permissions?, rateLimit?, allowedIps?}`.
 */
export const createServiceKeyApiSchema = z.strictObject({
  name: keyNameSchema,
  description: plainText({ max: 500, multiline: true }).optional(),
  role: serviceRoleSchema,
  expiresAt: apiExpiresAt.nullish(),
  leakAction: leakActionSchema.optional(),
  ...apiLimitFields,
});

/** PATCH /api/v1/api-keys/{id}: any of the editable fields; what is left out stays as it is. */
export const updateKeyApiSchema = z.strictObject({
  name: keyNameSchema.optional(),
  description: plainText({ max: 500, multiline: true }).nullish(),
  expiresAt: apiExpiresAt.nullish(),
  ...apiLimitFields,
});

/** limitsFormSchema, declared below: the form schemas above are built before it. */
function lazyLimits() {
  return z.lazy(() => limitsFormSchema);
}

/**
 * The limits part of the console's create and edit dialogs: Permissions (Inherit role / Restricted and
 * an "Access to …" select per resource), Rate limit (requests and window) and Allowed IPs.
 */
export const limitsFormSchema = z
  .object({
    permissionsMode: z.enum(["inherit", "restricted"]).default("inherit"),
    ...Object.fromEntries(RESOURCES.map((r) => [`access_${r}`, z.enum(ACCESS_LEVELS).optional()])),
    rateLimit: z.string().max(10).optional(),
    rateLimitWindow: z.string().max(10).optional(),
    allowedIps: z.string().max(4000).optional(),
  })
  .transform((v, ctx) => {
    const form = v as Record<string, string | undefined>;
    const permissions =
      v.permissionsMode === "restricted"
        ? (Object.fromEntries(
            RESOURCES.map((r) => [r, (form[`access_${r}`] as AccessLevel | undefined) ?? "none"]),
          ) as Access)
        : null;
    let rateLimit: { limit: number; windowSeconds: number } | null = null;
    if (v.rateLimit?.trim()) {
      const parsed = rateLimitSchema.safeParse({
        limit: Number(v.rateLimit),
        windowSeconds: Number(v.rateLimitWindow || "60"),
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({
            code: "custom",
            path: [issue.path[0] === "windowSeconds" ? "rateLimitWindow" : "rateLimit"],
            message: issue.message,
          });
        return z.NEVER;
      }
      rateLimit = parsed.data;
    }
    const ips = allowedIpsTextSchema.safeParse(v.allowedIps);
    if (!ips.success) {
      ctx.addIssue({
        code: "custom",
        path: ["allowedIps"],
        message: ips.error.issues[0]?.message ?? "Enter addresses or CIDR ranges.",
      });
      return z.NEVER;
    }
    return { permissions, rateLimit, allowedIps: ips.data.length ? ips.data : null };
  });

export const KEY_VIEWS = ["mine", "users", "service"] as const;

/** GET /api/v1/api-keys: pages of keys, newest first. The cursor is opaque (created-at and id of the last row). */
export const accountKeysQuerySchema = z.object({
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const m = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(Buffer.from(v, "base64url").toString("utf8"));
      if (!m) {
        ctx.addIssue({ code: "custom", message: "Pass the nextCursor of the previous page." });
        return z.NEVER;
      }
      return { createdAt: new Date(Number(m[1])), id: m[2]! };
    }),
  limit: pageLimitSchema(100),
});
export type KeyPage = z.output<typeof accountKeysQuerySchema>;
export type KeyView = (typeof KEY_VIEWS)[number];

/**
 * The account's maximum key lifetime applied to a new or rotated key: no expiry becomes the maximum; a
 * later expiry is refused (422), on the API's field and on the console's.
 */
export function expiryWithinPolicy(expiresAt: Date | null, maxDays: number | null, now: number): Date | null {
  if (!maxDays) return expiresAt;
  const limit = now + maxDays * DAY_MS;
  if (!expiresAt) return new Date(limit);
  if (expiresAt.getTime() > limit) {
    const message = `This account allows keys of at most ${maxDays} days; choose an earlier expiry.`;
    throw new PublicError("validation_failed", message, { expiresAt: [message], expires: [message] });
  }
  return expiresAt;
}
