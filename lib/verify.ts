// POST /api/v1/keys/verify (docs/api.md#verify): Latchkey's keys in front of a team's own services. The same
// verification path as every API request, answered as a verdict instead of a refusal.
import { isIP } from "node:net";
import { z } from "zod";
import type { DB } from "@/db/connection";
import { checkCredential } from "./credentials";
import { keyUsage } from "./key-usage";
import { allows, effectiveAccess, RESOURCES, type Resource } from "./policy";
import { rateLimitHeaders } from "./rate-limit";

export const verifyRequestSchema = z.strictObject({
  key: z.string().max(200, { error: "A key is at most 200 characters." }),
  accountId: z.uuid({ error: "accountId must be an account ID (a UUID)." }).optional(),
  ip: z
    .string()
    .max(64)
    .refine((v) => isIP(v) !== 0, { error: "ip must be an IPv4 or IPv6 address." })
    .optional()
    .meta({
      description:
        "The address the key was presented from. Honoured only with a gateway credential of the key's account (`Latchkey-Gateway`); without one a request naming `ip` is refused with 403 `forbidden`, and the caller's own address is what allow-lists, last-used and rate limits see.",
    }),
  permission: z
    .string()
    .regex(new RegExp(`^(${RESOURCES.join("|")}):(read|write)$`), {
      error: `Use <resource>:<read|write>, with a resource among ${RESOURCES.join(", ")}.`,
    })
    .optional(),
});

type Verdict = [body: Record<string, unknown>, status: number, headers?: Record<string, string>];

/**
 * The verdict on a key, through the same pipeline as every API request (lib/credentials.ts). The body's
 * `ip` would let the caller speak for another address — drain the key's rate limit, end a rotation, set the
 * last-used address that key health then offers to pin — so it is honoured only with a gateway credential
 * (docs/permissions.md#verify-and-the-ip-field). Until gateways exist, any `ip` is refused.
 */
export async function verifyForService(
  db: DB,
  input: z.output<typeof verifyRequestSchema>,
  ip: string,
  now = Date.now(),
): Promise<Verdict> {
  if (input.ip !== undefined)
    return [
      {
        error: {
          code: "forbidden",
          message:
            "The ip field is honoured only with a gateway credential (Latchkey-Gateway). Leave it out: your own address is used.",
        },
      },
      403,
    ];
  const result = await checkCredential(db, { token: input.key || null, accountId: input.accountId ?? null, ip, now });
  if (!result.ok) {
    // An empty key is just an invalid one here; accountId was validated by the schema.
    const code = result.code === "unauthenticated" ? "invalid_key" : result.code;
    return [{ valid: false, code }, 200, result.headers];
  }
  const { actor } = result;
  const key = actor.key!;
  const permissions = effectiveAccess(actor.role, key.permissions);
  const ratelimit = result.rateLimit
    ? { limit: result.rateLimit.limit, remaining: result.rateLimit.remaining, reset: result.rateLimit.reset }
    : undefined;
  const headers = result.rateLimit ? rateLimitHeaders(result.rateLimit) : undefined;
  if (input.permission) {
    const [resource, level] = input.permission.split(":") as [Resource, "read" | "write"];
    if (!allows(permissions, resource, level)) return [{ valid: false, code: "insufficient_permission" }, 200, headers];
    keyUsage.touchAccess(key.id, resource, level, now);
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
      ...(ratelimit ? { ratelimit } : {}),
    },
    200,
    headers,
  ];
}
