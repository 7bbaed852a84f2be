/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeCallbackUrl(value: unknown, fallback = "/settings/user"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}
