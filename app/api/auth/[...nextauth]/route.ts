import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { normalizeEmail } from "@/lib/accounts";
import { clientIp } from "@/lib/client-ip";
import { limiters } from "@/lib/rate-limit";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

export function GET(req: Request, ctx: Context) {
  return handler(req, ctx);
}

/** Sign-in attempts over the limit (per IP, per email) get 429 with Retry-After before any password check. */
export async function POST(req: Request, ctx: Context) {
  if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const email = normalizeEmail(String(form?.get("email") ?? ""));
    const wait = Math.max(limiters.signInByIp.retryAfter(clientIp(req.headers)), email ? limiters.signInByEmail.retryAfter(email) : 0);
    if (wait > 0) {
      const url = new URL("/login", process.env.NEXTAUTH_URL ?? req.url);
      url.searchParams.set("error", "rate_limited");
      return Response.json({ url: url.toString() }, { status: 429, headers: { "Retry-After": String(wait) } });
    }
  }
  return handler(req, ctx);
}
