// POST /api/v1/keys/verify (SPEC section 8): Latchkey's keys in front of a team's own services. The same
// verification path as every API request, answered as a verdict instead of a refusal.
import { z } from "zod";
import type { DB } from "@/db/connection";
import { verifyKey } from "./api-auth";
import { recordAcceptedUse } from "./keys/rotation";
import { allows, RESOURCES, roleAccess, type Resource } from "./policy";
import { failedKeyCheck } from "./rate-limit";

export const verifyRequestSchema = z.strictObject({
  key: z.string().max(200, { error: "A key is at most 200 characters." }),
  accountId: z.uuid({ error: "accountId must be an account ID (a UUID)." }).optional(),
  permission: z
    .string()
    .regex(new RegExp(`^(${RESOURCES.join("|")}):(read|write)$`), { error: `Use <resource>:<read|write>, with a resource among ${RESOURCES.join(", ")}.` })
    .optional(),
});

type Verdict = [body: Record<string, unknown>, status: number, headers?: Record<string, string>];

export function verifyForService(db: DB, input: z.output<typeof verifyRequestSchema>, ip: string, now = Date.now()): Verdict {
  const result = verifyKey(db.$client, input.key || null, input.accountId ?? null, now, ip);
  if (!result.ok) {
    // An empty key is just an invalid one here; accountId was validated by the schema.
    const code = result.code === "unauthenticated" ? "invalid_key" : result.code;
    // A failed verification is a failed key check: per-IP limit, as on every API request.
    const wait = failedKeyCheck(result.code, ip, now);
    if (wait) return [{ valid: false, code: "rate_limited" }, 200, { "Retry-After": String(wait) }];
    return [{ valid: false, code }, 200];
  }
  const { actor } = result;
  const key = actor.key!;
  recordAcceptedUse(db, result, ip, now);
  const permissions = roleAccess(actor.role);
  if (input.permission) {
    const [resource, level] = input.permission.split(":") as [Resource, "read" | "write"];
    if (!allows(permissions, resource, level)) return [{ valid: false, code: "insufficient_permission" }, 200];
  }
  return [
    {
      valid: true,
      code: "valid",
      key: { id: key.id, kind: key.kind, name: key.name },
      account: { id: actor.accountId },
      role: actor.role,
      permissions,
      userId: actor.userId,
      expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt).toISOString(),
    },
    200,
  ];
}
