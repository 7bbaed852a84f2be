import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@latchkey/domain/db/client";
import { findUserByEmail } from "@latchkey/domain/accounts";
import { sessionSecret } from "@latchkey/domain/server/auth-secret";
import { clientIp } from "@latchkey/domain/server/client-ip";
import { dummyPasswordHash, verifyPassword } from "@latchkey/domain/passwords";
import { isKnownDevice } from "@latchkey/domain/server/known-devices";
import { limiters } from "@latchkey/domain/rate-limit";
import { safeAuthRedirect } from "@latchkey/domain/redirects";
import { endSession, SESSION_MAX_AGE_MS, startSession } from "@latchkey/domain/sessions";
import { signInSchema } from "@latchkey/domain/validation";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
    sv: number;
    sid: string;
  }
  interface User {
    sessionVersion: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    /** The server-side session row (lib/sessions.ts). */
    sid?: string;
  }
}

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_MS / 1000 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(req?.headers ?? {});
        const user = await findUserByEmail(db, email);
        const cookie = req?.headers?.cookie as string | undefined;
        // The route handler answers 429 before we get here; this catches the attempt that crosses the line.
        if (
          (await limiters.signInByIp.retryAfter(ip)) ||
          ((await limiters.signInByEmail.retryAfter(email)) && !isKnownDevice(cookie, user?.id))
        )
          throw new Error("rate_limited");
        // Unknown email: still pay for one hash, so timing does not reveal which emails exist.
        const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user || !ok) {
          await limiters.signInByIp.hit(ip);
          await limiters.signInByEmail.hit(email);
          return null;
        }
        await limiters.signInByEmail.reset(email);
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // The callbackUrl next-auth answers with (and keeps in its cookie) follows the sign-in redirect rule
    // (lib/redirects.ts, docs/security.md#redirects-after-sign-in), not next-auth's own "starts with /" test.
    redirect({ url, baseUrl }) {
      return safeAuthRedirect(url, baseUrl);
    },
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
        token.sid = await startSession(db, user.id);
      }
      return token;
    },
    session({ session, token }) {
      // The session is only a claim: app/_server/session.ts checks it against the database on every request.
      session.user = { id: token.uid ?? "", email: token.email ?? "", name: token.name ?? "" };
      session.sv = token.sv ?? -1;
      session.sid = token.sid ?? "";
      return session;
    },
  },
  events: {
    // Sign-out ends the session on the server: the cookie, if kept, no longer opens anything.
    async signOut({ token }) {
      await endSession(db, token?.sid);
    },
  },
};
