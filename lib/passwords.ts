import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// OWASP's scrypt floor (N=2^17, r=8, p=1) needs 128 MiB per hash; 2^15 keeps sign-in responsive on a
// small VM while staying far from brute-forceable at 12+ characters.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
export const MIN_PASSWORD_LENGTH = 12;

// zxcvbn-ts with its common-password and keyboard-pattern lists: 30,000 most common passwords, names,
// words, sequences and repeats. Loaded on first use (the lists are large) and only on the server.
let strength: ZxcvbnFactory | undefined;

// The demo accounts' password (docs/operations.md#demo-data): printed by the seed and written in the README, so anyone
// can try it on any instance. Never accepted as a new password, whatever its case, spacing or separators
// (zxcvbn scores it as strong).
export const DEMO_PASSWORD = "latchkey-demo";
const comparable = (password: string) =>
  password
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{Cf}\p{Pd}_.]+/gu, "");
const DEMO_COMPARABLE = comparable(DEMO_PASSWORD);

/**
 * Why a new password is refused (whitespace only, the published demo password, or too guessable), or null when it is
 * fine.
 */
export function passwordWeakness(password: string): string | null {
  if (password.trim() === "") return "A password cannot be only spaces.";
  if (comparable(password) === DEMO_COMPARABLE)
    return "This is the published demo password, which anyone can look up. Choose a password of your own.";
  strength ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const result = strength.check(password.slice(0, 100));
  if (result.score >= 3) return null;
  return "This password is too easy to guess (common words, sequences or repeats). Use a longer phrase of unrelated words.";
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, "base64");
  const key = await scrypt(password, Buffer.from(saltB64, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));
}
