// Where the browser may be sent after sign-in: a path on this site, nothing else (no open redirects).
// Browsers drop tabs and line breaks from URLs and read "\" as "/", so "/\t/evil.test" and "/\\evil.test"
// become "//evil.test", another site. Every layer of percent-encoding is undone before the checks.
const FALLBACK = "/settings/user";
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function safeCallbackUrl(value: unknown, fallback = FALLBACK): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  let decoded = value;
  for (let i = 0; i < 4; i++) {
    if (!isSafePath(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (!isSafePath(decoded)) return fallback;
  // Resolve against a fixed origin: anything that leaves it (after dot segments) is refused.
  const url = new URL(value, "http://latchkey.invalid");
  if (url.origin !== "http://latchkey.invalid") return fallback;
  return url.pathname + url.search + url.hash;
}

function isSafePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.includes("\\") && !CONTROL.test(path) && !/^\/*[a-z][a-z0-9+.-]*:/i.test(path);
}
