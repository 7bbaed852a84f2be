"use client";
import { useTeamActions } from "./team-actions";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";

export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  invitedBy: string | null;
  expiresAt: string;
}

export function PendingInvitations({ invitations }: { invitations: PendingInvitation[] }) {
  const revoke = useServerAction(useTeamActions().revokeInvitation, { success: "Invitation revoked" });
  if (!invitations.length)
    return <EmptyState title="No pending invitations">Invitations you send appear here until they are accepted, revoked or expire.</EmptyState>;
  return (
    <div className="space-y-3">
      <FormAlert message={revoke.error} />
      <ul className="-mx-5 divide-y divide-slate-100">
        {invitations.map((inv) => (
          <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
            <div>
              <div className="font-medium text-slate-900">{inv.email}</div>
              <div className="text-slate-500">
                {inv.role} · invited by {inv.invitedBy ?? "a former member"} · expires {inv.expiresAt}
              </div>
            </div>
            <Button variant="secondary" size="sm" aria-label={`Revoke invitation for ${inv.email}`} pending={revoke.pending} onClick={() => revoke.run({ invitationId: inv.id })}>
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
