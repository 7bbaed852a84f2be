"use client";
import { signIn } from "next-auth/react";

export type SignInOutcome = { ok: true } | { ok: false; error: string };

/**
 * Credentials sign-in without a redirect. A first attempt on a fresh page can lose next-auth's CSRF
 * cookie race and come back "ok" with `csrf=true` in its url and no session: try once more.
 */
export async function signInWithPassword(email: string, password: string): Promise<SignInOutcome> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result) return { ok: false, error: "Could not reach the server. Try again." };
    if (result.status === 429 || result.error === "rate_limited")
      return { ok: false, error: "Too many failed sign-in attempts. Wait a few minutes and try again." };
    if (result.error) return { ok: false, error: "Incorrect email or password." };
    if (result.ok && !(result.url ?? "").includes("csrf=true")) return { ok: true };
  }
  return { ok: false, error: "Could not sign you in. Reload the page and try again." };
}
