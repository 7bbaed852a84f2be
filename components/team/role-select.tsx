"use client";
import { useEffect, useState } from "react";
import { toast } from "@/components/ui/toast";
import { useTeamActions } from "./team-actions";
import { useServerAction } from "@/components/ui/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { selectClass } from "@/components/ui/field";
import { ROLE_LABELS } from "@latchkey/domain/policy";
import type { Role } from "@latchkey/domain/db/schema";

export function RoleSelect({
  userId,
  email,
  role,
  assignable,
  onError,
}: {
  userId: string;
  email: string;
  role: Role;
  assignable: Role[];
  onError: (message: string | undefined) => void;
}) {
  const [value, setValue] = useState<Role>(role);
  // The role chosen in the select, waiting for the confirmation dialog.
  const [pending, setPending] = useState<Role | null>(null);
  useEffect(() => setValue(role), [role]);
  const change = useServerAction(useTeamActions().changeRole, {
    success: (d) => `${email} is now ${ROLE_LABELS[d.role]}`,
    onSuccess: () => {
      setPending(null);
      onError(undefined);
    },
    onError: (message) => {
      // The server refused: show what is really stored.
      setPending(null);
      setValue(role);
      onError(message);
      toast.error(message);
    },
  });
  // The current role is always listed, even where the viewer could not grant it.
  const options = assignable.includes(role) ? assignable : [role, ...assignable];
  const cancel = () => {
    setPending(null);
    setValue(role);
  };
  return (
    <>
      <select
        aria-label={`Role for ${email}`}
        className={`${selectClass} h-8 min-w-[9rem] py-1 text-sm`}
        value={value}
        disabled={assignable.length === 0 || change.pending}
        onChange={(e) => {
          const next = e.target.value as Role;
          setValue(next);
          setPending(next);
        }}
      >
        {options.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <Dialog open={pending !== null} onOpenChange={(open) => !open && cancel()}>
        {pending && (
          <DialogContent
            title="Change role?"
            description={
              pending === "owner"
                ? `${email} becomes an Owner: they can change the plan, transfer ownership and delete the account.`
                : `${email} goes from ${ROLE_LABELS[role]} to ${ROLE_LABELS[pending]}. Their user API keys act with the new role from their next request.`
            }
          >
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button
                variant={pending === "owner" ? "danger" : "primary"}
                pending={change.pending}
                onClick={() => change.run({ userId, role: pending })}
              >
                Change role
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}
