// The only module that handles plaintext API-key tokens: generation, checksum, parsing, hashing, hints.
// Format (docs/concepts.md#key-format): prefix + 32 random base62 chars + 6-char base62 CRC-32 of everything before.
import crypto, { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { KeyKind } from "@/db/schema";

// Digits, then upper case, then lower case: the alphabet the checksum example of docs/concepts.md#key-format is written
// in.
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE62_SET = new Set(BASE62);
export const TOKEN_PREFIXES = { user: "lku_", service: "lks_", legacy: "lka_" } as const satisfies Record<
  KeyKind,
  string
>;
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

// ---------------------------------------------------------------------------------------------
// Leak reports' URLs (docs/security.md#leak-report-urls): the stored URL has every Latchkey token removed in
// any encoding. Plain tokens become their hint; then a fully decoded view of what is left is searched, and
// if a token could still be read out of it — percent-encoded at any depth, HTML entities, any letter case,
// zero-width or fullwidth characters — only the URL's origin is kept.

// Any kind, present or future (lku_, lks_, lka_, lkg_…), in any case, with the underscore plain or
// percent-encoded once: what is removed while keeping the rest of the URL.
const URL_TOKEN = /lk[a-z](?:_|%5f)([0-9a-z]{8,})/gi;
// What a token looks like in the decoded, lower-cased view.
const VIEW_TOKEN = /lk[a-z]_[0-9a-z]{8,}/;
// Decoding rounds before a still-changing text counts as undecidable (%25 nested that deep is not a URL).
const MAX_DECODE_ROUNDS = 12;
// Format and default-ignorable characters (zero-width space and joiners, soft hyphen, word joiner,
// invisible operators, variation selectors, BOM, bidi marks): invisible, so readers skip them.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

// Named HTML entities that can stand for a character of a token or of an encoding of one (and the
// invisible ones). Any other named entity with its semicolon makes the view undecidable.
const ENTITIES: Record<string, string> = {
  amp: "&",
  AMP: "&",
  lt: "<",
  LT: "<",
  gt: ">",
  GT: ">",
  quot: '"',
  QUOT: '"',
  apos: "'",
  lowbar: "_",
  UnderBar: "_",
  percnt: "%",
  num: "#",
  semi: ";",
  colon: ":",
  sol: "/",
  bsol: "\\",
  quest: "?",
  equals: "=",
  period: ".",
  commat: "@",
  excl: "!",
  lpar: "(",
  rpar: ")",
  comma: ",",
  plus: "+",
  dollar: "$",
  ast: "*",
  midast: "*",
  hyphen: "\u2010",
  dash: "\u2010",
  hellip: "\u2026",
  mldr: "\u2026",
  Tab: "\t",
  NewLine: "\n",
  nbsp: "\u00a0",
  NonBreakingSpace: "\u00a0",
  shy: "\u00ad",
  zwj: "\u200d",
  zwnj: "\u200c",
  lrm: "\u200e",
  rlm: "\u200f",
  ZeroWidthSpace: "\u200b",
  NegativeVeryThinSpace: "\u200b",
  NegativeThinSpace: "\u200b",
  NegativeMediumSpace: "\u200b",
  NegativeThickSpace: "\u200b",
  NoBreak: "\u2060",
  af: "\u2061",
  ApplyFunction: "\u2061",
  it: "\u2062",
  InvisibleTimes: "\u2062",
  ic: "\u2063",
  InvisibleComma: "\u2063",
  sup1: "\u00b9",
  sup2: "\u00b2",
  sup3: "\u00b3",
  ordf: "\u00aa",
  ordm: "\u00ba",
};
// The names HTML also decodes without a semicolon (longest first, as a prefix of what follows the &).
const LEGACY_ENTITIES = [
  "AMP",
  "amp",
  "LT",
  "lt",
  "GT",
  "gt",
  "QUOT",
  "quot",
  "nbsp",
  "shy",
  "sup1",
  "sup2",
  "sup3",
  "ordf",
  "ordm",
].sort((a, b) => b.length - a.length);

const utf8 = new TextDecoder("utf-8", { fatal: false });
const codePoint = (n: number) => (n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "\ufffd");

/** One round of every decoding a reader might apply; `unknown` is set when a named entity is not known. */
function decodeRound(text: string, state: { unknown: boolean }): string {
  const escapes = text
    .replace(
      /\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})/gi,
      (_m, braced?: string, u?: string, x?: string) => codePoint(parseInt((braced ?? u ?? x)!, 16)),
    )
    .replace(/%u([0-9a-f]{4})/gi, (_m, hex: string) => codePoint(parseInt(hex, 16)));
  const percent = escapes.replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
    utf8.decode(Uint8Array.from(run.slice(1).split("%"), (h) => parseInt(h, 16))),
  );
  const entities = percent.replace(
    /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?|&([A-Za-z][A-Za-z0-9]{0,31})(;?)/g,
    (m, hex?: string, dec?: string, name?: string, semi?: string) => {
      if (hex !== undefined) return codePoint(parseInt(hex, 16));
      if (dec !== undefined) return codePoint(Number(dec));
      if (ENTITIES[name!] !== undefined && (semi || LEGACY_ENTITIES.includes(name!))) return ENTITIES[name!]!;
      if (semi) {
        state.unknown = true;
        return m;
      }
      const legacy = LEGACY_ENTITIES.find((l) => name!.startsWith(l));
      return legacy ? ENTITIES[legacy]! + name!.slice(legacy.length) : m;
    },
  );
  return entities.normalize("NFKC").replace(INVISIBLE, "");
}

/** `text` with every encoding undone, lower-cased; null when that cannot be decided (decoding does not
 * settle within the bound, or a named entity is not known). */
function decodedView(text: string): string | null {
  const state = { unknown: false };
  let view = text;
  for (let round = 0; ; round++) {
    if (round === MAX_DECODE_ROUNDS) return null;
    const next = decodeRound(view, state);
    if (next === view) break;
    view = next;
  }
  return state.unknown ? null : view.toLowerCase().normalize("NFKC").replace(INVISIBLE, "");
}

const TOKEN_PART = 8;

/** Whether `view` shows a token, or a run of TOKEN_PART characters of one of the tokens in `bodies`. */
function showsToken(view: string, bodies: string[]): boolean {
  if (VIEW_TOKEN.test(view)) return true;
  if (!bodies.length) return false;
  // Every run of TOKEN_PART characters of the view, once: a look-up per run of a body, not a search.
  const runs = new Set<string>();
  for (let i = 0; i + TOKEN_PART <= view.length; i++) runs.add(view.slice(i, i + TOKEN_PART));
  for (const body of bodies)
    for (let i = 0; i + TOKEN_PART <= body.length; i++) if (runs.has(body.slice(i, i + TOKEN_PART))) return true;
  return false;
}

/**
 * The URL of a leak report as it may be stored and shown: each plainly written token becomes its hint;
 * if a token (or a part of one the hint did not cover, as when an invisible character cut it short)
 * could still be read out of what is left, only the origin is kept, and if even the origin could hold
 * one (or the text is no URL), nothing (null).
 */
export function redactLeakedUrl(url: string): string | null {
  const original = decodedView(url);
  const bodies = original === null ? [] : [...original.matchAll(/lk[a-z]_([0-9a-z]{8,})/g)].map((m) => m[1]!);
  const plain = url.replace(URL_TOKEN, (match, body: string) => `${match.slice(0, 3)}_…${body.slice(-4)}`);
  const view = decodedView(plain);
  if (original !== null && view !== null && !showsToken(view, bodies)) return plain;
  let origin: string;
  try {
    origin = new URL(plain).origin;
  } catch {
    return null;
  }
  const originView = origin === "null" ? null : decodedView(origin);
  return originView === null || showsToken(originView, bodies) ? null : origin;
}
