// Server and client render the same text: fixed locale and time zone (UTC), so hydration agrees.
const dateFmt = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const dateTimeFmt = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

export const formatDate = (d: Date | number | null | undefined) => (d == null ? "—" : dateFmt.format(d));
export const formatDateTime = (d: Date | number | null | undefined) =>
  d == null ? "—" : `${dateTimeFmt.format(d)} UTC`;
export const isoDate = (d: Date | number) => new Date(d).toISOString();

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Never", "Expired", or "Expires in N days" (rounded up: a key expiring later today has 1 day). */
export function expiryLabel(expiresAt: Date | null, now = Date.now()): string {
  if (!expiresAt) return "Never";
  const left = expiresAt.getTime() - now;
  if (left <= 0) return "Expired";
  const days = Math.ceil(left / DAY_MS);
  return `Expires in ${days} day${days === 1 ? "" : "s"}`;
}

/** "1 member", "2 members", "0 API keys": a count with its noun in the right number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

/** The verb that agrees with a count: `agree(1, "loses", "lose")` → "loses". */
export const agree = (n: number, singular: string, plural: string) => (n === 1 ? singular : plural);
