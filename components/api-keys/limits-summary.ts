import type { KeyLimitsData } from "./types";

const LEVEL = { none: "none", read: "read", write: "read and write" } as const;

/** "checks: read, members: none" for a restricted key; null when it inherits its role. */
export function describePermissions(p: KeyLimitsData["permissions"]): string | null {
  if (!p) return null;
  const granted = Object.entries(p).filter(([, level]) => level !== "none");
  return granted.length ? granted.map(([resource, level]) => `${resource}: ${LEVEL[level]}`).join(", ") : "no access to any resource";
}

/** One line for a key's row: restriction, rate limit and allow-list, or null when it has none. */
export function describeLimits(l: KeyLimitsData): string | null {
  const parts: string[] = [];
  const permissions = describePermissions(l.permissions);
  if (permissions) parts.push(`Restricted to ${permissions}`);
  if (l.rateLimit) parts.push(`${l.rateLimit.limit.toLocaleString("en-US")} requests per ${l.rateLimit.windowSeconds} s`);
  if (l.allowedIps) parts.push(l.allowedIps.length === 1 ? `only from ${l.allowedIps[0]}` : `from ${l.allowedIps.length} allowed IP ranges`);
  return parts.length ? parts.join(" · ") : null;
}
