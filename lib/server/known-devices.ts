// Known devices (the sign-in lockout exception): a browser that signed in to an account before carries a
// cookie binding it to that user. While an email is locked after too many wrong passwords, such a browser
// may still sign in with the right password, so a stranger's guessing cannot lock the owner out.
// Its wrong passwords still count, and the per-IP limit still applies.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./auth-secret";

export const DEVICE_COOKIE = "lk_device";
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

export function deviceToken(userId: string): string {
  return createHmac("sha256", sessionSecret()).update(`known-device:${userId}`).digest("base64url");
}

/** Reads the device cookie from a Cookie header; true when it was issued to this user. */
export function isKnownDevice(cookieHeader: string | null | undefined, userId: string | undefined): boolean {
  if (!cookieHeader || !userId) return false;
  const match = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([A-Za-z0-9_-]{43})`).exec(cookieHeader);
  if (!match) return false;
  const expected = Buffer.from(deviceToken(userId));
  const given = Buffer.from(match[1]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function deviceCookie(userId: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${deviceToken(userId)}; Path=/api/auth; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
