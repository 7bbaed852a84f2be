import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@latchkey/domain/db/client";
import { buttonClass } from "@/components/ui/button";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ROLE_LABELS } from "@latchkey/domain/policy";
import { getSession } from "@/app/_server/session";
import { lookupInvitation } from "@latchkey/domain/teams";
import { signUpHref } from "../pending-invitation";
import { AcceptInvitation } from "./accept-form";

export const metadata: Metadata = { title: "Invitation" };

const REFUSALS = {
  not_found: ["Invitation not found", "This invitation link is not valid. Check that you copied the whole link."],
  expired: ["Invitation expired", "Invitations are valid for 7 days. Ask the person who invited you for a new one."],
  used: [
    "Invitation already used",
    "Each invitation link works once. If you joined already, sign in to find the account.",
  ],
  revoked: ["Invitation revoked", "This invitation was withdrawn. Ask an owner or admin of the account for a new one."],
} as const;

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-2 space-y-4 text-sm text-slate-600">{children}</div>
    </div>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await lookupInvitation(db, token.slice(0, 100));
  if (invitation.state !== "valid") {
    const [title, text] = REFUSALS[invitation.state];
    return (
      <Panel title={title}>
        <p>{text}</p>
        <Link href="/" className={buttonClass("secondary", "md", "w-full")}>
          Go to Latchkey
        </Link>
      </Panel>
    );
  }
  const here = `/invite/${encodeURIComponent(token)}`;
  const session = await getSession();
  const summary = (
    <p>
      {invitation.inviterName ?? "Someone"} invited <strong className="text-slate-900">{invitation.email}</strong> to
      join <strong className="text-slate-900">{invitation.accountName}</strong> as {ROLE_LABELS[invitation.role]}.
    </p>
  );
  if (!session) {
    return (
      <Panel title={`Join ${invitation.accountName}`}>
        {summary}
        <p>Create a Latchkey account with this email address, or sign in if you already have one.</p>
        <div className="flex flex-col gap-2">
          <Link href={signUpHref(here, invitation.email)} className={buttonClass("primary", "md", "w-full")}>
            Create account
          </Link>
          <Link
            href={`/login?callbackUrl=${encodeURIComponent(here)}`}
            className={buttonClass("secondary", "md", "w-full")}
          >
            Sign in
          </Link>
        </div>
      </Panel>
    );
  }
  if (session.user.email !== invitation.email) {
    return (
      <Panel title="This invitation is for someone else">
        <p>
          It was sent to <strong className="text-slate-900">{invitation.email}</strong>, but you are signed in as{" "}
          <strong className="text-slate-900">{session.user.email}</strong>. Sign out and sign in with the invited
          address to accept it.
        </p>
        <SignOutButton callbackUrl={here} className="w-full" />
      </Panel>
    );
  }
  return (
    <Panel title={`Join ${invitation.accountName}`}>
      {summary}
      <AcceptInvitation token={token} accountName={invitation.accountName} />
    </Panel>
  );
}
