import { describe, expect, it } from "vitest";
import { checksum, fromToken, generateToken, hashToken, keyHint, parseToken, safeHint, TOKEN_LENGTH } from "./tokens";

describe("token format", () => {
  it("matches the checksum example of docs/concepts.md#key-format", () => {
    expect(checksum("lka_DemoLegacyKey0000000000000000000")).toBe("0McM6P");
    expect(parseToken("lka_DemoLegacyKey00000000000000000000McM6P")).toEqual({ ok: true, kind: "legacy" });
  });

  it.each([
    ["user", "lku_"],
    ["service", "lks_"],
    ["legacy", "lka_"],
  ] as const)("generates %s tokens with prefix, 32 base62 chars and a valid checksum", (kind, prefix) => {
    const { token, hash, hint } = generateToken(kind);
    expect(token).toMatch(new RegExp(`^${prefix}[0-9A-Za-z]{38}$`));
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(checksum(token.slice(0, 36))).toBe(token.slice(36));
    expect(parseToken(token)).toEqual({ ok: true, kind });
    expect(hash).toBe(hashToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hint).toBe(`${prefix}…${token.slice(-4)}`);
  });

  it("never repeats and spreads characters over the whole alphabet", () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => generateToken("user").token));
    expect(tokens.size).toBe(2000);
    const chars = new Set([...tokens].flatMap((t) => [...t.slice(4, 36)]));
    expect(chars.size).toBe(62);
  });

  it("stores only a SHA-256 of the whole token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(fromToken("lka_DemoLegacyKey00000000000000000000McM6P").hint).toBe("lka_…cM6P");
  });
});

describe("parsing malformed input", () => {
  const valid = generateToken("user").token;
  it.each([
    ["empty", ""],
    ["wrong prefix", "lkx_" + valid.slice(4)],
    ["no prefix", valid.slice(4)],
    ["too short", valid.slice(0, -1)],
    ["too long", valid + "0"],
    ["non-base62 character", valid.slice(0, 10) + "-" + valid.slice(11)],
    ["unicode", valid.slice(0, 10) + "é" + valid.slice(11)],
    ["whitespace", ` ${valid.slice(1)}`],
    ["upper-case prefix", valid.slice(0, 4).toUpperCase() + valid.slice(4)],
  ])("refuses %s as malformed", (_name, token) => {
    expect(parseToken(token)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a single mistyped character by checksum", () => {
    const i = 10;
    const swapped = valid.slice(0, i) + (valid[i] === "a" ? "b" : "a") + valid.slice(i + 1);
    expect(parseToken(swapped)).toEqual({ ok: false, reason: "bad_checksum" });
    const badSum = valid.slice(0, -1) + (valid.endsWith("0") ? "1" : "0");
    expect(parseToken(badSum)).toEqual({ ok: false, reason: "bad_checksum" });
  });

  it("refuses non-strings", () => {
    for (const v of [undefined, null, 42, {}, ["lku_"]]) expect(parseToken(v).ok).toBe(false);
  });

  it("hints never reveal more than prefix and last four", () => {
    expect(keyHint(valid)).toBe(`lku_…${valid.slice(-4)}`);
    expect(safeHint("short")).toBe("…");
    expect(safeHint(undefined)).toBe("…");
  });
});
