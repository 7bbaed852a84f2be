"use client";
import { useState } from "react";
import { useTeamActions } from "./team-actions";
import { Badge } from "@/components/ui/badge";
import { FormAlert } from "@/components/ui/form-alert";
import { Th } from "@/components/ui/table";
import { useServerAction } from "@/components/ui/use-server-action";
import { RemoveMemberDialog } from "./remove-member-dialog";
import { RoleSelect } from "./role-select";
import type { MemberRow } from "./types";

function KeyGrantToggle({
  member,
  canEdit,
  onError,
}: {
  member: MemberRow;
  canEdit: boolean;
  onError: (m?: string) => void;
}) {
  const grant = useServerAction(useTeamActions().setKeyCreationGrant, {
    success: (d) =>
      d.granted ? `${member.email} can create API keys` : `${member.email} can no longer create API keys`,
    onSuccess: () => onError(undefined),
    onError,
  });
  return (
    <input
      type="checkbox"
      aria-label={`Can create API keys: ${member.email}`}
      className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500 disabled:opacity-50"
      defaultChecked={member.canCreateKeys}
      disabled={!canEdit || grant.pending}
      onChange={(e) => grant.run({ userId: member.userId, granted: e.target.checked })}
    />
  );
}

const cell = "max-sm:col-start-1 max-sm:block max-sm:px-4 max-sm:py-0.5";

export function MemberTable({
  members,
  accountName,
  canManageGrants,
  restrictKeyCreation,
}: {
  members: MemberRow[];
  accountName: string;
  canManageGrants: boolean;
  restrictKeyCreation: boolean;
}) {
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-3">
      <FormAlert message={error} />
      {/* Below the sm breakpoint each member is a stacked card (name and Remove on top, then role, key creation
          and joined), so no role select or Remove button hides behind a sideways scroll on a phone. */}
      <div className="relative -mx-5 overflow-x-auto">
        <table className="min-w-full text-sm max-sm:block">
          <thead className="max-sm:hidden">
            <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <Th edge>Member</Th>
              <Th>Role</Th>
              <Th title="Used while the account restricts API key creation">Can create API keys</Th>
              <Th>Joined</Th>
              <Th edge className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 max-sm:block">
            {members.map((m) => (
              <tr
                key={m.userId}
                className="align-middle max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:items-center max-sm:py-2"
              >
                <td className={`px-5 py-3 ${cell} max-sm:pt-1`}>
                  <div className="font-medium text-slate-900">
                    {m.name} {m.isSelf && <span className="font-normal text-slate-500">(you)</span>}
                  </div>
                  <div className="break-all text-slate-500">{m.email}</div>
                </td>
                <td className={`px-3 py-3 ${cell} max-sm:py-1`}>
                  <RoleSelect
                    userId={m.userId}
                    email={m.email}
                    role={m.role}
                    assignable={m.assignableRoles}
                    onError={setError}
                  />
                </td>
                <td className={`px-3 py-3 ${cell} max-sm:text-xs`}>
                  <span className="text-slate-500 sm:hidden">Can create API keys: </span>
                  {restrictKeyCreation ? (
                    <KeyGrantToggle member={m} canEdit={canManageGrants} onError={setError} />
                  ) : (
                    // Grants only count while the account restricts key creation (its general settings): until then
                    // every member may, and a box to tick would say otherwise.
                    <span className="whitespace-nowrap text-slate-600">Yes, open to all</span>
                  )}
                </td>
                <td className={`whitespace-nowrap px-3 py-3 text-slate-600 ${cell} max-sm:text-xs`}>
                  <span className="text-slate-500 sm:hidden">Joined </span>
                  {m.joinedAt}
                </td>
                <td className="px-5 py-3 text-right max-sm:col-start-2 max-sm:row-start-1 max-sm:block max-sm:px-4 max-sm:py-0">
                  {m.isSelf ? (
                    <Badge tone="gray">You</Badge>
                  ) : (
                    (m.canRemove || m.removeBlockedReason) && (
                      <RemoveMemberDialog
                        userId={m.userId}
                        name={m.name}
                        email={m.email}
                        keyCount={m.keyCount}
                        accountName={accountName}
                        disabledReason={m.canRemove ? undefined : m.removeBlockedReason}
                      />
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
