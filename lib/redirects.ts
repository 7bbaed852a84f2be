// Where the browser may be sent after sign-in: a path on this site, nothing else (no open redirects).
// Browsers drop tabs and line breaks from URLs and read "\" as "/", so "/\t/evil.test" and "/\\evil.test"
// become "//evil.test", another site. Every layer of percent-encoding is undone before the checks.
// Dot segments are refused outright (docs/security.md#redirects-after-sign-in): URL normalisation
// turns "/.//evil.test", "/%2e//evil.test" or "/a/..//evil.test" into "//evil.test", which a browser
// reads as another site — so a check of the text as written is not enough, and none is tried.
const FALLBACK = "/settings/user";
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** More layers than this is no link of ours: refused rather than decoded further. */
const MAX_DECODE_LAYERS = 6;

export function safeCallbackUrl(value: unknown, fallback = FALLBACK): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (decodeFully(value) === null) return fallback;
  // The path part as sent (up to the first "?" or "#"), each layer of encoding undone: no "." or ".."
  // segment, however spelt ("%2e", "%2E", "%252e", ".%2e", a "%2F" that makes a new segment).
  const rawPath = value.split(/[?#]/, 1)[0]!;
  const path = decodeFully(rawPath);
  if (path === null || hasDotSegment(path)) return fallback;
  // Resolve against a fixed origin: anything that leaves it is refused, and so is a result that a
  // browser would read as protocol-relative.
  const url = new URL(value, "http://latchkey.invalid");
  if (url.origin !== "http://latchkey.invalid") return fallback;
  const target = url.pathname + url.search + url.hash;
  return isSafePath(target) && !hasDotSegment(url.pathname) ? target : fallback;
}

/**
 * next-auth's redirect callback (app/_server/auth.ts): its callbackUrl (form field, query or cookie)
 * goes through the same rule; anything refused lands on the console's front page.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  let path: string = url;
  if (!url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      if (parsed.origin !== baseUrl) return `${baseUrl}/`;
      path = parsed.pathname + parsed.search + parsed.hash;
    } catch {
      return `${baseUrl}/`;
    }
  }
  return baseUrl + safeCallbackUrl(path, "/");
}

/** Undoes every layer of percent-encoding, each layer a safe path; null when one is not, or it cannot. */
function decodeFully(value: string): string | null {
  let decoded = value;
  for (let i = 0; i <= MAX_DECODE_LAYERS; i++) {
    if (!isSafePath(decoded)) return null;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) return decoded;
    decoded = next;
  }
  return null;
}

function hasDotSegment(path: string): boolean {
  return path.split("/").some((segment) => segment === "." || segment === "..");
}

function isSafePath(path: string): boolean {
  return (
    path.startsWith("/") &&
    !path.startsWith("//") &&
    !path.includes("\\") &&
    !CONTROL.test(path) &&
    !/^\/*[a-z][a-z0-9+.-]*:/i.test(path)
  );
}
