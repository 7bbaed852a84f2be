// Containment of allow-list entries (docs/permissions.md#the-key-ceiling): a key with an allow-list may only
// give a key an allow-list inside its own. Entries are canonical (lib/keys/limits.ts): an address or a
// CIDR range, IPv4-mapped IPv6 already stored as IPv4.
import ipaddr from "ipaddr.js";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function toRange(entry: string): Range | null {
  try {
    if (entry.includes("/")) return ipaddr.parseCIDR(entry);
    const a = ipaddr.parse(entry);
    return [a, a.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

/** The entries of `inner` that do not lie inside some entry of `outer` (empty: all inside). */
export function rangesWithin(inner: readonly string[], outer: readonly string[]): string[] {
  const ranges = outer.map(toRange).filter((r): r is Range => r !== null);
  return inner.filter((entry) => {
    const r = toRange(entry);
    if (!r) return true;
    const [addr, bits] = r;
    return !ranges.some(
      ([net, netBits]) => net.kind() === addr.kind() && bits >= netBits && addr.match([net, netBits] as never),
    );
  });
}
