import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeCallbackUrl } from "./redirects";

const FALLBACK = "/settings/user";

describe("safeCallbackUrl: only same-site paths, after full decoding", () => {
  it.each([
    ["/settings/account/team", "/settings/account/team"],
    ["/invite/abc123", "/invite/abc123"],
    ["/settings/user?tab=keys#top", "/settings/user?tab=keys#top"],
    ["/a%20b", "/a%20b"],
    // Dots inside a segment are just names; only whole "." and ".." segments are refused.
    ["/files/v1.2/..hidden/a.", "/files/v1.2/..hidden/a."],
    ["/invite/abc?x=/../y", "/invite/abc?x=/../y"],
  ])("keeps %s", (input, expected) => expect(safeCallbackUrl(input)).toBe(expected));

  it.each([
    // The reported ones: tab, line feed and carriage return that browsers drop.
    "/\t/evil.test/",
    "/%09/evil.test/",
    "/%0A/evil.test/",
    "/%0D/evil.test/",
    "/%0d%0a/evil.test",
    // Double encoding.
    "/%2509/evil.test/",
    "%2F%2Fevil.test",
    // Protocol-relative, backslashes, schemes.
    "//evil.test",
    "/\\evil.test",
    "/%5Cevil.test",
    "\\\\evil.test",
    "https://evil.test",
    "javascript:alert(1)",
    "/javascript:alert(1)",
    "data:text/html,x",
    // Not a path at all.
    "evil.test",
    "",
    "%ZZ",
    "/%E0%A4%A",
    "/\u0000",
    "/\u2028",
  ])("refuses %j", (input) => expect(safeCallbackUrl(input)).toBe(FALLBACK));

  // The probe's finding: URL normalisation turned these into "//evil.com" after the checks had passed. Every spelling
  // of a dot segment is refused, whatever it would resolve to (docs/security.md#redirects-after-sign-in).
  const dots = [
    ".",
    "..",
    "%2e",
    "%2E",
    "%2e%2e",
    "%2E%2e",
    ".%2e",
    "%2e.",
    "%252e",
    "%252E%252e",
    "%25252e",
    "%2525252e%2525252E",
  ];
  it.each(
    dots.flatMap((dot) => [
      `/${dot}//evil.com`,
      `/${dot}/%2F/evil.com`,
      `/a/${dot}//evil.com`,
      `/a/b/${dot}/${dot}//evil.com`,
      `/settings/${dot}`,
      `/settings/${dot}/`,
      `/${dot}`,
      `/a/${dot}/b`,
      `/${dot}/settings/user?tab=keys`,
      `/${dot}//evil.com#x`,
    ]),
  )("refuses the dot segment in %j", (input) => expect(safeCallbackUrl(input)).toBe(FALLBACK));

  it.each([
    // As the probe sent them.
    "/.//evil.com",
    "/..//evil.com",
    "/%2e//evil.com",
    "/a/..//evil.com",
    // Backslashes, tabs and line breaks around dots (browsers read "\\" as "/" and drop tabs).
    "/.\\/evil.com",
    "/%2e%5C/evil.com",
    "/\\.//evil.com",
    "/.\t//evil.com",
    "/%2e%09//evil.com",
    "/\t.//evil.com",
    "/%2E%0a//evil.com",
    // A "%2F" or "%3F" that only becomes a separator once decoded.
    "/a%2F..%2F..%2F%2Fevil.com",
    "/a%3F/../..//evil.com",
    "/a%23/..//evil.com",
    // More layers of encoding than any link of ours has.
    "/%25252525252525252e//evil.com",
    "/%25252525252525252541",
  ])("refuses %j", (input) => expect(safeCallbackUrl(input)).toBe(FALLBACK));

  it("never returns a protocol-relative target", () => {
    const pieces = ["/", ".", "..", "%2e", "%2E", "%252e", "a", "%2F", "%5C", "\\", "evil.com", "?", "#", "%3F"];
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      let input = "/";
      for (let n = 1 + Math.floor(rand() * 8); n > 0; n--) input += pieces[Math.floor(rand() * pieces.length)];
      const out = safeCallbackUrl(input);
      expect(out.startsWith("/"), input).toBe(true);
      expect(out.startsWith("//"), `${input} → ${out}`).toBe(false);
      expect(new URL(out, "http://latchkey.invalid").origin, input).toBe("http://latchkey.invalid");
    }
  });

  it("refuses what is not a string", () => {
    expect(safeCallbackUrl(undefined)).toBe(FALLBACK);
    expect(safeCallbackUrl(["/a", "/b"])).toBe(FALLBACK);
    expect(safeCallbackUrl("/" + "a".repeat(3000))).toBe(FALLBACK);
  });
});

describe("safeAuthRedirect: next-auth's callbackUrl under the same rule", () => {
  const base = "http://localhost:3000";
  it.each([
    ["/login", `${base}/login`],
    [`${base}/login?callbackUrl=%2Finvite%2Fx`, `${base}/login?callbackUrl=%2Finvite%2Fx`],
    ["/.//evil.com", `${base}/`],
    [`${base}/.//evil.com`, `${base}/`],
    [`${base}/a/%2e%2e//evil.com`, `${base}/`],
    ["https://evil.com/", `${base}/`],
    ["//evil.com", `${base}/`],
    ["not a url", `${base}/`],
  ])("%s → %s", (input, expected) => expect(safeAuthRedirect(input, base)).toBe(expected));
});
