import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/app/_server/session";
import { safeCallbackUrl } from "@latchkey/domain/redirects";
import { pendingInvitation } from "../invite/pending-invitation";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeCallbackUrl(params.next, "/settings/account/general");
  if (await getSession()) redirect(next);
  // Coming from an invitation: its email is filled in, and the person comes back to it to join.
  const invitation = await pendingInvitation(next);
  const email = typeof params.email === "string" ? params.email : invitation?.email;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight">Create your account</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        {invitation
          ? `Then you return to your invitation to join ${invitation.accountName}. You also get a personal account on the Hobby plan.`
          : "You get a personal account on the Hobby plan, which you own."}
      </p>
      <SignUpForm next={next} email={email} />
    </div>
  );
}
