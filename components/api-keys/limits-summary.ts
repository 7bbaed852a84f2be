import { describeAccess } from "@latchkey/domain/policy";
import type { KeyLimitsData } from "./types";

/** One line for a key's row: restriction, rate limit and allow-list, or null when it has none. */
export function describeLimits(l: KeyLimitsData): string | null {
  const parts: string[] = [];
  if (l.permissions) parts.push(`Restricted to ${describeAccess(l.permissions)}`);
  if (l.rateLimit)
    parts.push(`${l.rateLimit.limit.toLocaleString("en-US")} requests per ${l.rateLimit.windowSeconds} s`);
  if (l.allowedIps)
    parts.push(
      l.allowedIps.length === 1 ? `only from ${l.allowedIps[0]}` : `from ${l.allowedIps.length} allowed IP ranges`,
    );
  return parts.length ? parts.join(" · ") : null;
}
