"use client";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useTeamActions } from "./team-actions";
import { useServerAction } from "@/components/ui/use-server-action";
import { selectClass } from "@/components/ui/field";
import { ROLE_LABELS } from "@/lib/policy";
import type { Role } from "@/db/schema";

export function RoleSelect({ userId, email, role, assignable, onError }: {
  userId: string;
  email: string;
  role: Role;
  assignable: Role[];
  onError: (message: string | undefined) => void;
}) {
  const [value, setValue] = useState<Role>(role);
  useEffect(() => setValue(role), [role]);
  const change = useServerAction(useTeamActions().changeRole, {
    success: (d) => `${email} is now ${ROLE_LABELS[d.role]}`,
    onSuccess: () => onError(undefined),
    onError: (message) => {
      // The server refused: show what is really stored.
      setValue(role);
      onError(message);
      toast.error(message);
    },
  });
  // The current role is always listed, even where the viewer could not grant it.
  const options = assignable.includes(role) ? assignable : [role, ...assignable];
  return (
    <select
      aria-label={`Role for ${email}`}
      className={`${selectClass} h-8 min-w-[9rem] py-1 text-sm`}
      value={value}
      disabled={assignable.length === 0 || change.pending}
      onChange={(e) => {
        const next = e.target.value as Role;
        setValue(next);
        change.run({ userId, role: next });
      }}
    >
      {options.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}
