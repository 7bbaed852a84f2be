/**
 * The caller's IP for rate limits and audit events. Behind a reverse proxy set TRUST_PROXY=1 to use
 * the first X-Forwarded-For entry; otherwise the last one, which Next's own server appends from the
 * socket and a client cannot forge.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = get("x-forwarded-for");
  if (forwarded) {
    const parts = forwarded.split(",").map((s) => s.trim()).filter(Boolean);
    const ip = process.env.TRUST_PROXY === "1" ? parts[0] : parts[parts.length - 1];
    if (ip) return ip.replace(/^::ffff:/, "");
  }
  return get("x-real-ip") ?? "unknown";
}
