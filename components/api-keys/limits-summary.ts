import { ACCESS_LEVEL_WORDS, RESOURCE_LABELS, RESOURCES } from "@latchkey/domain/policy";
import type { KeyLimitsData } from "./types";

/** One line for a key's row: restriction, rate limit and allow-list, or null when it has none. */
export function describeLimits(l: KeyLimitsData): string | null {
  const parts: string[] = [];
  if (l.permissions) {
    const access = l.permissions;
    const granted = RESOURCES.filter((r) => access[r] !== "none");
    parts.push(
      granted.length
        ? `Restricted to ${granted.map((r) => `${RESOURCE_LABELS[r]}: ${ACCESS_LEVEL_WORDS[access[r]]}`).join(", ")}`
        : "Restricted: no access to any resource",
    );
  }
  if (l.rateLimit)
    parts.push(`${l.rateLimit.limit.toLocaleString("en-US")} requests per ${l.rateLimit.windowSeconds} s`);
  if (l.allowedIps)
    parts.push(
      l.allowedIps.length === 1 ? `only from ${l.allowedIps[0]}` : `from ${l.allowedIps.length} allowed IP ranges`,
    );
  return parts.length ? parts.join(" · ") : null;
}

/** What a key's limits set, in a few words, for the closed Advanced section ("rate limit, 2 IP ranges"). */
export function limitsInBrief(limits: KeyLimitsData | undefined): string | null {
  if (!limits) return null;
  const parts: string[] = [];
  if (limits.permissions) parts.push("restricted access");
  if (limits.rateLimit) parts.push("rate limit");
  if (limits.allowedIps?.length)
    parts.push(limits.allowedIps.length === 1 ? "1 IP range" : `${limits.allowedIps.length} IP ranges`);
  return parts.length ? parts.join(", ") : null;
}
