"use client";
// Talks to next-auth's own endpoints with fetch, instead of shipping next-auth/react to every page
// (about 12 kB gzipped): GET /api/auth/csrf, then POST the credentials or the sign-out form.

export type SignInOutcome = { ok: true } | { ok: false; error: string };

async function csrfToken(): Promise<string> {
  const res = await fetch("/api/auth/csrf", { cache: "no-store" });
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new Error("no csrf token");
  return body.csrfToken;
}

async function post(path: string, fields: Record<string, string>) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  return { status: res.status, url: body.url ?? "" };
}

/**
 * Credentials sign-in without a redirect. An attempt that loses the CSRF cookie race comes back with
 * `csrf=true` in its url and no session: try once more.
 */
export async function signInWithPassword(email: string, password: string): Promise<SignInOutcome> {
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { status, url } = await post("/api/auth/callback/credentials", {
        email,
        password,
        callbackUrl: window.location.href,
      });
      const error = url ? new URL(url, window.location.origin).searchParams.get("error") : null;
      if (status === 429 || error === "rate_limited")
        return { ok: false, error: "Too many failed sign-in attempts. Wait a few minutes and try again." };
      if (error) return { ok: false, error: "Incorrect email or password." };
      if (status < 400 && !url.includes("csrf=true")) return { ok: true };
    }
    return { ok: false, error: "Could not sign you in. Reload the page and try again." };
  } catch {
    return { ok: false, error: "Could not reach the server. Try again." };
  }
}

export async function signOut(callbackUrl = "/login"): Promise<void> {
  try {
    await post("/api/auth/signout", { callbackUrl });
  } finally {
    window.location.assign(callbackUrl);
  }
}
