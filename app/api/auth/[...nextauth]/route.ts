import NextAuth from "next-auth";
import { authOptions } from "@/app/_server/auth";
import { db } from "@latchkey/domain/db/client";
import { findUserByEmail, normalizeEmail } from "@latchkey/domain/accounts";
import { deviceCookie, isKnownDevice } from "@latchkey/domain/server/known-devices";
import { clientIp } from "@latchkey/domain/server/client-ip";
import { limiters } from "@latchkey/domain/rate-limit";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

export function GET(req: Request, ctx: Context) {
  return handler(req, ctx);
}

/**
 * Sign-in attempts over the limit get 429 with Retry-After before any password check: per IP always,
 * per email unless this browser signed in to that user before (lib/server/known-devices.ts). A successful
 * sign-in marks the browser as known.
 */
export async function POST(req: Request, ctx: Context) {
  if (!new URL(req.url).pathname.endsWith("/callback/credentials")) return handler(req, ctx);
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = normalizeEmail(String(form?.get("email") ?? ""));
  const user = email ? await findUserByEmail(db, email) : undefined;
  const known = isKnownDevice(req.headers.get("cookie"), user?.id);
  const wait = Math.max(
    await limiters.signInByIp.retryAfter(clientIp(req.headers)),
    email && !known ? await limiters.signInByEmail.retryAfter(email) : 0,
  );
  if (wait > 0) {
    const url = new URL("/login", process.env.NEXTAUTH_URL ?? req.url);
    url.searchParams.set("error", "rate_limited");
    return Response.json({ url: url.toString() }, { status: 429, headers: { "Retry-After": String(wait) } });
  }
  const res = await handler(req, ctx);
  // Signed in: the session cookie was set. Remember this browser for the lockout exception.
  if (user && res.status === 200 && /next-auth\.session-token=/.test(res.headers.get("set-cookie") ?? "")) {
    res.headers.append("Set-Cookie", deviceCookie(user.id, (process.env.NEXTAUTH_URL ?? "").startsWith("https://")));
  }
  return res;
}
