/**
 * The caller's IP for rate limits and audit events: the last X-Forwarded-For entry. server.mjs sets
 * the header from the socket (a client cannot choose it); with TRUST_PROXY=1 it keeps the header, whose
 * last entry is the one the trusted reverse proxy appended.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return last ? last.replace(/^::ffff:/, "") : "unknown";
}
