// Response shapes of the public API, as zod schemas: the OpenAPI description is generated from them
// (lib/http/openapi.ts). Request bodies use the domain's own schemas (lib/checks.ts, lib/keys.ts, …).
import { z } from "zod";
import { KEY_KINDS, KEY_STATUSES, LEAK_ACTIONS, PLANS, ROLES } from "@/db/schema";
import { ERROR_CODES } from "@/lib/errors";

const uuid = z.string().meta({ format: "uuid" });
const dateTime = z.string().meta({ format: "date-time" });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Per-field messages (422)" }),
    }),
  })
  .meta({ id: "Error" });

export const Me = z
  .object({
    key: z.object({ id: uuid, kind: z.enum(KEY_KINDS), name: z.string(), role: z.enum(ROLES) }),
    user: z.object({ id: uuid, email: z.string() }).nullable(),
    account: z.object({ id: uuid, name: z.string(), plan: z.enum(PLANS) }),
  })
  .meta({ id: "Me" });

export const Check = z
  .object({ id: uuid, name: z.string(), url: z.string(), active: z.boolean(), createdAt: dateTime, updatedAt: dateTime })
  .meta({ id: "Check" });
export const CheckList = z.object({ checks: z.array(Check) }).meta({ id: "CheckList" });

export const Member = z
  .object({ userId: uuid, name: z.string(), email: z.string(), role: z.enum(ROLES), canCreateKeys: z.boolean(), joinedAt: dateTime })
  .meta({ id: "Member" });
export const MemberList = z.object({ members: z.array(Member) }).meta({ id: "MemberList" });
export const MemberRemoved = z
  .object({ keysAffected: z.number().int().meta({ description: "The member's user keys that lost access to this account" }) })
  .meta({ id: "MemberRemoved" });

export const ApiKey = z
  .object({
    id: uuid,
    kind: z.enum(KEY_KINDS),
    name: z.string(),
    description: z.string().nullable(),
    hint: z.string().meta({ examples: ["lks_…9xQ2"] }),
    role: z.string().nullable().meta({ description: "Service keys: their role; legacy keys: admin; user keys: null (the owner's role applies)" }),
    status: z.enum(KEY_STATUSES),
    expiresAt: dateTime.nullable(),
    leakAction: z.enum(LEAK_ACTIONS),
    leakedAt: dateTime.nullable(),
    lastUsedAt: dateTime.nullable(),
    lastUsedIp: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "ApiKey", description: "Key metadata. The token is never returned, except once in the answer to its creation." });
export const ApiKeyWithOwner = ApiKey.extend({ owner: z.object({ id: uuid, email: z.string() }).nullable() }).meta({ id: "ApiKeyWithOwner" });
export const ApiKeyPage = z
  .object({ apiKeys: z.array(ApiKeyWithOwner), nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }) })
  .meta({ id: "ApiKeyPage" });
export const ServiceKeyCreated = ApiKey.extend({ token: z.string().meta({ description: "The new key. Shown once: store it now." }) }).meta({ id: "ServiceKeyCreated" });

export const LeakVerdicts = z
  .array(z.object({ token_hint: z.string(), label: z.enum(["true_positive", "false_positive"]) }))
  .meta({ id: "LeakVerdicts" });

export const AuditEvent = z
  .object({
    id: z.number().int(),
    action: z.string().meta({ examples: ["api_key.created"] }),
    actor: z.object({ type: z.enum(["user", "key", "system", "anonymous"]), id: z.string().nullable(), name: z.string() }),
    target: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "AuditEvent" });
export const AuditPage = z.object({ events: z.array(AuditEvent), nextCursor: z.number().int().nullable() }).meta({ id: "AuditPage" });

export const Health = z.object({ status: z.literal("ok") }).meta({ id: "Health" });

export const idParams = (name: string, what: string) => z.object({ [name]: uuid.meta({ description: `The ${what}'s id` }) });
