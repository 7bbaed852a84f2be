import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/app/_server/session";
import { safeCallbackUrl } from "@latchkey/domain/redirects";
import { pendingInvitation, signUpHref } from "../invite/pending-invitation";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const initialError =
    params.error === "rate_limited" ? "Too many failed sign-in attempts. Wait a few minutes and try again." : undefined;
  // "Create an account" comes back here only for an invitation (with its email), never to another page.
  const invitation = await pendingInvitation(callbackUrl);
  const signUp = invitation ? signUpHref(callbackUrl, invitation.email) : "/signup";
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Latchkey</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Manage API keys for you and your team.</p>
      <LoginForm callbackUrl={callbackUrl} signUpHref={signUp} initialError={initialError} />
    </div>
  );
}
