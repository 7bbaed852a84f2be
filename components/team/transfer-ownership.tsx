"use client";
import { useState } from "react";
import { useTeamActions } from "./team-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";

export function TransferOwnership({
  candidates,
  accountName,
}: {
  candidates: { userId: string; name: string; email: string }[];
  accountName: string;
}) {
  const [target, setTarget] = useState(candidates[0]?.userId ?? "");
  const [open, setOpen] = useState(false);
  const chosen = candidates.find((c) => c.userId === target);
  const transfer = useServerAction(useTeamActions().transferOwnership, {
    success: `${chosen?.email} now owns ${accountName}`,
    onSuccess: () => setOpen(false),
  });
  if (!candidates.length)
    return <p className="text-sm text-slate-600">Invite someone first: ownership goes to another member.</p>;
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="w-full max-w-md">
        <SelectField label="New owner" value={target} onChange={(e) => setTarget(e.target.value)}>
          {candidates.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.name} ({c.email})
            </option>
          ))}
        </SelectField>
      </div>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Transfer ownership
      </Button>
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), transfer.reset())}>
        <DialogContent
          title="Transfer ownership?"
          description={`${chosen?.name} becomes an owner of ${accountName} and you become an admin.`}
        >
          <FormAlert message={transfer.error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button variant="danger" pending={transfer.pending} onClick={() => transfer.run({ userId: target })}>
              Transfer ownership
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
