"use client";
import { useEffect, useRef, useState } from "react";
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
  const select = useRef<HTMLSelectElement>(null);
  // Arrow keys (and type-ahead) on a closed select change its value at once: that is browsing, not a choice. The
  // choice is committed by Enter or by leaving the select; a pick with the pointer (or in the open list) commits at
  // once.
  const browsing = useRef(false);
  const commit = (next: Role) => {
    browsing.current = false;
    if (next !== role) setPending(next);
  };
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
        ref={select}
        aria-label={`Role for ${email}`}
        className={`${selectClass} h-8 min-w-[9rem] py-1 text-sm`}
        value={value}
        // Not disabled while the change is saved: focus comes back here when the dialog closes.
        disabled={assignable.length === 0}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit(value);
          } else if (e.key === " " || e.key === "F4" || e.altKey) browsing.current = false;
          else if (
            !e.ctrlKey &&
            !e.metaKey &&
            (e.key.startsWith("Arrow") ||
              e.key.startsWith("Page") ||
              e.key.length === 1 ||
              e.key === "Home" ||
              e.key === "End")
          )
            browsing.current = true;
        }}
        onPointerDown={() => (browsing.current = false)}
        onChange={(e) => {
          const next = e.target.value as Role;
          setValue(next);
          if (!browsing.current) commit(next);
        }}
        onBlur={() => {
          if (browsing.current && pending === null) commit(value);
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
            // Back to the select, whichever way the dialog closes (also when it opened as focus left the select).
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              select.current?.focus();
            }}
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
