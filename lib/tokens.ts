// The only module that handles plaintext API-key tokens: generation, checksum, parsing, hashing, hints.
// Format (SPEC section 3): prefix + 32 random base62 chars + 6-char base62 CRC-32 of everything before.
import crypto, { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { KeyKind } from "@/db/schema";

// Digits, then upper case, then lower case: the alphabet the spec's checksum example is written in.
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE62_SET = new Set(BASE62);
export const TOKEN_PREFIXES = { user: "lku_", service: "lks_", legacy: "lka_" } as const satisfies Record<KeyKind, string>;
const KIND_BY_PREFIX: Record<string, KeyKind> = { lku_: "user", lks_: "service", lka_: "legacy" };
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = 4 + RANDOM_LENGTH + CHECKSUM_LENGTH;

export function toBase62(value: number, width: number): string {
  let n = value;
  let out = "";
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}

export function checksum(body: string): string {
  return toBase62(crc32(Buffer.from(body, "utf8")), CHECKSUM_LENGTH);
}

/** 32 uniformly random base62 characters from the CSPRNG (rejection sampling, no modulo bias). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: bytes at or above it would bias the first characters.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

// crypto.hash (Node 20.12+) is the one-shot SHA-256: about 0.3 µs against 0.7 µs for createHash().
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

export function hashToken(token: string): string {
  return oneShot ? oneShot("sha256", token) : createHash("sha256").update(token).digest("hex");
}

/** What lists show: the prefix and the last four characters, e.g. `lku_…9xQ2`. */
export function keyHint(token: string): string {
  return `${token.slice(0, 4)}…${token.slice(-4)}`;
}

export interface NewToken {
  token: string;
  hash: string;
  hint: string;
}

export function generateToken(kind: KeyKind): NewToken {
  const body = TOKEN_PREFIXES[kind] + randomBase62(RANDOM_LENGTH);
  return fromToken(body + checksum(body));
}

/** Hash and hint of a known token (the seed's fixed legacy key uses this). */
export function fromToken(token: string): NewToken {
  return { token, hash: hashToken(token), hint: keyHint(token) };
}

export type ParsedToken = { ok: true; kind: KeyKind } | { ok: false; reason: "malformed" | "bad_checksum" };

/**
 * Cheap checks before any database work: prefix, length, alphabet, checksum.
 * A token failing here is refused without a look-up.
 */
export function parseToken(token: unknown): ParsedToken {
  if (typeof token !== "string" || token.length !== TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const kind = KIND_BY_PREFIX[token.slice(0, 4)];
  if (!kind) return { ok: false, reason: "malformed" };
  for (let i = 4; i < TOKEN_LENGTH; i++) if (!BASE62_SET.has(token[i]!)) return { ok: false, reason: "malformed" };
  const body = token.slice(0, TOKEN_LENGTH - CHECKSUM_LENGTH);
  if (checksum(body) !== token.slice(TOKEN_LENGTH - CHECKSUM_LENGTH)) return { ok: false, reason: "bad_checksum" };
  return { ok: true, kind };
}

/** A hint safe to echo for any input, real token or not (leak reports answer with it). */
export function safeHint(token: unknown): string {
  if (typeof token !== "string" || token.length < 8) return "…";
  return keyHint(token);
}

/** Opaque single-use secrets (invitation links): 32 random base62 characters. */
export function generateSecret(): NewToken {
  const token = randomBase62(RANDOM_LENGTH);
  return { token, hash: hashToken(token), hint: token.slice(-4) };
}

// Anything that looks like a Latchkey token: the prefix (its underscore possibly percent-encoded, as in
// a URL) and a run of base62 characters. Looser than parseToken on purpose: a truncated or mistyped
// token is still a secret to keep out of storage.
const TOKEN_LIKE = /lk[usa](?:_|%5[Ff])([0-9A-Za-z]{8,})/g;

/**
 * The one place that keeps tokens out of stored and shown text (audit details, notifications, leak
 * URLs, names): each token-like run becomes its hint, e.g. `lku_…9xQ2`.
 */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_LIKE, (match, body: string) => `${match.slice(0, 3)}_…${body.slice(-4)}`);
}

/** redactTokens over every string inside a JSON-like value (audit details). */
export function redactTokensDeep<T>(value: T): T {
  if (typeof value === "string") return redactTokens(value) as T;
  if (Array.isArray(value)) return value.map(redactTokensDeep) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactTokensDeep(v)])) as T;
  }
  return value;
}
