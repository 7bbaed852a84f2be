// What a key may do beyond its role (docs/concepts.md#restrictions-rate-limits-and-allow-lists): restricted permissions
// per resource, an IP allow-list of addresses and CIDR ranges (ipaddr.js), and a rate limit. Stored on the key as JSON
// and two integers; parsed once per distinct value and cached, so the verification path pays a Map look-up.
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { ACCESS_LEVELS, NO_ACCESS, RESOURCES, type Access, type AccessLevel } from "../policy";

export const MAX_ALLOWED_IPS = 50;
export const RESOURCE_LABELS: Record<(typeof RESOURCES)[number], string> = {
  checks: "checks",
  members: "members",
  api_keys: "api_keys",
  audit_log: "audit_log",
};

const level = z.enum(ACCESS_LEVELS, { error: "Use none, read or write." });

/**
 * `permissions` on create and update: an object of resource → level. A resource left out of a
 * restricted key gets `none` (a restriction lists what the key may do). `null` or omitted inherits the role.
 */
export const permissionsSchema = z
  .strictObject(
    Object.fromEntries(RESOURCES.map((r) => [r, level.optional()])) as Record<
      (typeof RESOURCES)[number],
      z.ZodOptional<typeof level>
    >,
  )
  .transform((p): Access => ({ ...NO_ACCESS, ...p }));

export const rateLimitSchema = z.strictObject({
  limit: z
    .number({ error: "limit is a number of requests." })
    .int()
    .min(1, { error: "At least 1 request." })
    .max(1_000_000, { error: "At most 1,000,000 requests." }),
  windowSeconds: z
    .number({ error: "windowSeconds is a number of seconds." })
    .int()
    .min(1, { error: "At least 1 second." })
    .max(86_400, { error: "At most 86,400 seconds (a day)." }),
});
export type RateLimit = z.output<typeof rateLimitSchema>;

// Allow-list entries (docs/security.md#allow-list-entries): only the forms Node's net.isIP accepts for the address
// (dotted decimal without leading zeros; no octal `010.0.0.0` — which ipaddr.js reads as 8.0.0.0 —, hex or short `10.1`
// forms), no zone (`fe80::1%eth0`), and a prefix length of plain digits within the family's width.
const PREFIX_LENGTH = /^(?:0|[1-9][0-9]{0,2})$/;

/** An IPv6 address net.isIP accepted, in the lower-case compressed form (RFC 5952) with hex groups only. */
function canonicalIpv6(text: string): ipaddr.IPv6 {
  // WHATWG URL serialises an IPv6 host canonically and reads an embedded IPv4 tail correctly; ipaddr.js
  // 2.x parses `::1.2.3.4` as if it were `::ffff:1.2.3.4`, so it only ever sees the hex form.
  return ipaddr.IPv6.parse(new URL(`http://[${text}]/`).hostname.slice(1, -1));
}

/**
 * One entry of an allow-list, normalised ("10.0.0.0/8", "2001:db8::/32", "203.0.113.7"); null if it is not
 * a canonical address or CIDR range. A range keeps its network address (host bits cleared), IPv6 is
 * lower-case and compressed, and IPv4-mapped IPv6 entries become their IPv4 form, since the matcher sees
 * IPv4 clients of a dual-stack socket as IPv4.
 */
export function normaliseIpEntry(entry: string): string | null {
  const v = entry.trim();
  const slash = v.indexOf("/");
  const addressText = slash === -1 ? v : v.slice(0, slash);
  const bitsText = slash === -1 ? null : v.slice(slash + 1);
  // net.isIP accepts a zone index (`fe80::1%eth0`); an allow-list entry never has one.
  if (addressText.includes("%")) return null;
  const family = isIP(addressText);
  if (family === 0) return null;
  let bits: number | null = null;
  if (bitsText !== null) {
    if (!PREFIX_LENGTH.test(bitsText)) return null;
    bits = Number(bitsText);
    if (bits > (family === 4 ? 32 : 128)) return null;
  }
  try {
    if (family === 4) {
      const address = ipaddr.IPv4.parse(addressText);
      return bits === null
        ? address.toString()
        : `${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`).toString()}/${bits}`;
    }
    let address = canonicalIpv6(addressText);
    if (bits !== null) address = ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
    // ::ffff:a.b.c.d, and ranges inside ::ffff:0:0/96: stored as IPv4. A wider range also holds other
    // IPv6 addresses and stays IPv6.
    if (address.isIPv4MappedAddress() && (bits === null || bits >= 96)) {
      const v4 = address.toIPv4Address().toString();
      return bits === null ? v4 : `${v4}/${bits - 96}`;
    }
    return bits === null ? address.toString() : `${address.toString()}/${bits}`;
  } catch {
    return null;
  }
}

export const allowedIpsSchema = z
  .array(z.string().max(64, { error: "An entry is an address or a CIDR range." }), {
    error: "allowedIps is a list of addresses and CIDR ranges.",
  })
  .max(MAX_ALLOWED_IPS, { error: `At most ${MAX_ALLOWED_IPS} entries.` })
  .transform((list, ctx) => {
    const out: string[] = [];
    for (const entry of list) {
      const n = normaliseIpEntry(entry);
      if (!n) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry.slice(0, 64)}" is not an IPv4 or IPv6 address or CIDR range.`,
        });
        return z.NEVER;
      }
      if (!out.includes(n)) out.push(n);
    }
    return out;
  });

/** The console's Allowed IPs field: one entry per line (or separated by commas or spaces). */
export const allowedIpsTextSchema = z
  .string()
  .max(4000)
  .optional()
  .transform((text) => (text ?? "").split(/[\s,]+/).filter(Boolean))
  .pipe(allowedIpsSchema);

// ---------------------------------------------------------------------------------------------
// Parsed forms, cached by their stored text (few distinct values; bounded anyway).

function cached<T>(parse: (text: string) => T, max = 10_000) {
  const cache = new Map<string, T>();
  return (text: string): T => {
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      cache.set(text, (v = parse(text)));
    }
    return v;
  };
}

/** A stored permissions value → the access map (every resource present). */
export const parsePermissions = cached((text: string): Access => {
  const raw = JSON.parse(text) as Partial<Record<string, AccessLevel>>;
  return Object.fromEntries(
    RESOURCES.map((r) => [r, ACCESS_LEVELS.includes(raw[r] as AccessLevel) ? raw[r] : "none"]),
  ) as Access;
});

export const serializePermissions = (p: Access | null | undefined): string | null =>
  p ? JSON.stringify(Object.fromEntries(RESOURCES.map((r) => [r, p[r]]))) : null;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A stored allow-list → a matcher for a client address (IPv4-mapped IPv6 addresses count as IPv4). */
export const allowListMatcher = cached((text: string): ((ip: string | null) => boolean) => {
  const entries = JSON.parse(text) as string[];
  const v4: Range[] = [];
  const v6: Range[] = [];
  for (const stored of entries) {
    // Entries are stored normalised; rows written before normalisation was strict (an IPv4-mapped entry
    // that never matched) are normalised here too, and one that is not a canonical entry matches nothing.
    const e = normaliseIpEntry(stored);
    if (e === null) continue;
    const range: Range = e.includes("/")
      ? ipaddr.parseCIDR(e)
      : (() => {
          const a = ipaddr.parse(e);
          return [a, a.kind() === "ipv4" ? 32 : 128] as Range;
        })();
    (range[0].kind() === "ipv4" ? v4 : v6).push(range);
  }
  return (ip) => {
    if (!ip) return false;
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      addr = ipaddr.process(ip);
    } catch {
      return false;
    }
    const ranges = addr.kind() === "ipv4" ? v4 : v6;
    for (const r of ranges) if (addr.match(r as never)) return true;
    return false;
  };
});

export const parseAllowedIps = (text: string | null): string[] | null =>
  text === null ? null : (JSON.parse(text) as string[]);

/** The limits of a key row as the API and the console show them. */
export function keyLimits(k: {
  permissions: string | null;
  rateLimit: number | null;
  rateLimitWindow: number | null;
  allowedIps: string | null;
}) {
  return {
    permissions: k.permissions === null ? null : parsePermissions(k.permissions),
    rateLimit:
      k.rateLimit !== null && k.rateLimitWindow !== null
        ? { limit: k.rateLimit, windowSeconds: k.rateLimitWindow }
        : null,
    allowedIps: parseAllowedIps(k.allowedIps),
  };
}
