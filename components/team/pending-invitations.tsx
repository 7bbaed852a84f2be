"use client";
import { useState } from "react";
import { InvitationLinkContent } from "./invitation-link";
import { useTeamActions } from "./team-actions";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";

export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  /** The role's value, to renew the invitation with the same one. */
  roleValue: string;
  invitedBy: string | null;
  expiresAt: string;
}

export function PendingInvitations({ invitations }: { invitations: PendingInvitation[] }) {
  const actions = useTeamActions();
  const revoke = useServerAction(actions.revokeInvitation, { success: "Invitation revoked" });
  // Only a hash of each link is stored, so a link cannot be shown twice: renewing makes a new one (and
  // retires the old), which is the way to "copy the link again".
  const [renewed, setRenewed] = useState<{ email: string; link: string } | null>(null);
  const renew = useServerAction(actions.invite, {
    success: (d) => `New link for ${d.email}`,
    onSuccess: (d) => setRenewed({ email: d.email, link: `${window.location.origin}/invite/${d.token}` }),
  });
  const renewFor = (inv: PendingInvitation) => {
    const form = new FormData();
    form.set("email", inv.email);
    form.set("role", inv.roleValue);
    renew.run(form);
  };
  if (!invitations.length)
    return (
      <EmptyState title="No pending invitations">
        Invitations you send appear here until they are accepted, revoked or expire.
      </EmptyState>
    );
  return (
    <div className="space-y-3">
      <FormAlert message={revoke.error ?? renew.error} />
      <p className="text-xs text-slate-600">
        Links are shown once. Lost one? Renew it: the old link stops working and a new one appears.
      </p>
      <ul className="-mx-5 divide-y divide-slate-100">
        {invitations.map((inv) => (
          <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
            <div>
              <div className="font-medium text-slate-900">{inv.email}</div>
              <div className="text-slate-500">
                {inv.role} · invited by {inv.invitedBy ?? "a former member"} · expires {inv.expiresAt}
              </div>
            </div>
            <div className="flex gap-2">
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Renew link for ${inv.email}`}
                pending={renew.pending}
                onClick={() => renewFor(inv)}
              >
                Renew link
              </Button>
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Revoke invitation for ${inv.email}`}
                pending={revoke.pending}
                onClick={() => revoke.run({ invitationId: inv.id })}
              >
                Revoke
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <Dialog open={renewed !== null} onOpenChange={(open) => !open && setRenewed(null)}>
        {renewed && (
          <InvitationLinkContent
            id="renewed-invite-link"
            link={renewed.link}
            description={`A new link for ${renewed.email}. The previous one no longer works. It works once and expires in 7 days.`}
          />
        )}
      </Dialog>
    </div>
  );
}
