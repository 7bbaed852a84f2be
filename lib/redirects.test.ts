import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./redirects";

const FALLBACK = "/settings/user";

describe("safeCallbackUrl: only same-site paths, after full decoding", () => {
  it.each([
    ["/settings/account/team", "/settings/account/team"],
    ["/invite/abc123", "/invite/abc123"],
    ["/settings/user?tab=keys#top", "/settings/user?tab=keys#top"],
    ["/a%20b", "/a%20b"],
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

  it("refuses what is not a string", () => {
    expect(safeCallbackUrl(undefined)).toBe(FALLBACK);
    expect(safeCallbackUrl(["/a", "/b"])).toBe(FALLBACK);
    expect(safeCallbackUrl("/" + "a".repeat(3000))).toBe(FALLBACK);
  });
});
