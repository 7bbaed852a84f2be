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
export const formatDateTime = (d: Date | number | null | undefined) => (d == null ? "—" : `${dateTimeFmt.format(d)} UTC`);
export const isoDate = (d: Date | number) => new Date(d).toISOString();
