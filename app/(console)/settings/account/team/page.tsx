import type { Metadata } from "next";
import { db } from "@latchkey/domain/db/client";
import { ROLES } from "@latchkey/domain/db/schema";
import { InviteDialog } from "@/components/team/invite-dialog";
import { MemberTable } from "@/components/team/member-table";
import { PendingInvitations } from "@/components/team/pending-invitations";
import { TransferOwnership } from "@/components/team/transfer-ownership";
import { TeamActionsProvider, type TeamActions } from "@/components/team/team-actions";
import type { MemberRow } from "@/components/team/types";
import { Card, PageHeader } from "@/components/ui/card";
import { getAccountForActor } from "@latchkey/domain/accounts";
import { formatDate } from "@latchkey/domain/format";
import { can, canChangeRole, canGrantRole, canRemoveMember, ROLE_LABELS } from "@latchkey/domain/policy";
import { requireAccount } from "@/app/_server/session";
import { listMembers, listPendingInvitations } from "@latchkey/domain/teams";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
  setKeyCreationGrantAction,
  transferOwnershipAction,
} from "./actions";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const { actor } = await requireAccount();
  const { account, membership } = await getAccountForActor(db, actor);
  const viewer = membership.role;
  const members = await listMembers(db, actor);
  const ownerCount = members.filter((m) => m.role === "owner").length;
  // The page only mirrors the policy module; every action asks it again on the server.
  const rows: MemberRow[] = members.map((m) => {
    const removal = canRemoveMember(viewer, m.role, ownerCount);
    const roles = ROLES.filter(
      (r) => r === m.role || canChangeRole({ actor: viewer, target: m.role, next: r, ownerCount }).ok,
    );
    return {
      userId: m.userId,
      name: m.name,
      email: m.email,
      role: m.role,
      joinedAt: formatDate(m.joinedAt),
      canCreateKeys: m.canCreateKeys,
      keyCount: m.keyCount,
      isSelf: m.userId === actor.userId,
      // Only the current role left means the viewer cannot change it: the select is read-only.
      assignableRoles: roles.length > 1 ? roles : [],
      canRemove: removal.ok,
      removeBlockedReason: !removal.ok && can(viewer, "members.manage") ? removal.reason : undefined,
    };
  });
  const manage = can(viewer, "members.manage");
  const invitations = manage
    ? (await listPendingInvitations(db, actor)).map((i) => ({
        id: i.id,
        email: i.email,
        role: ROLE_LABELS[i.role],
        roleValue: i.role,
        invitedBy: i.invitedBy,
        expiresAt: formatDate(i.expiresAt),
      }))
    : [];
  const actions: TeamActions = {
    invite: inviteMemberAction,
    revokeInvitation: revokeInvitationAction,
    changeRole: changeRoleAction,
    remove: removeMemberAction,
    transferOwnership: transferOwnershipAction,
    setKeyCreationGrant: setKeyCreationGrantAction,
  };
  return (
    <TeamActionsProvider actions={actions}>
      <PageHeader title="Team" description={`People with access to ${account.name}, and what they may do.`} />
      <div className="space-y-6">
        <Card
          title={`Members (${members.length})`}
          description={
            manage ? "Change roles, grant key creation, or remove members." : "Only owners and admins manage members."
          }
          actions={manage && <InviteDialog grantableRoles={ROLES.filter((r) => canGrantRole(viewer, r).ok)} />}
        >
          <MemberTable
            members={rows}
            accountName={account.name}
            canManageGrants={can(viewer, "account.update")}
            restrictKeyCreation={account.restrictKeyCreation}
          />
        </Card>
        {manage && (
          <Card
            title="Pending invitations"
            description="Links are single-use and expire 7 days after they are created."
          >
            <PendingInvitations invitations={invitations} />
          </Card>
        )}
        {can(viewer, "account.own") && (
          <Card title="Transfer ownership" description="Hand the account to another member. You stay on as an admin.">
            <TransferOwnership
              accountName={account.name}
              candidates={members
                .filter((m) => m.userId !== actor.userId && m.role !== "owner")
                .map(({ userId, name, email }) => ({ userId, name, email }))}
            />
          </Card>
        )}
      </div>
    </TeamActionsProvider>
  );
}
