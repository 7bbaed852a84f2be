"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";

export function DeleteKeyDialog({
  keyId,
  name,
  action,
  onDeleted,
}: {
  keyId: string;
  name: string;
  action: (input: { keyId: string }) => Promise<ActionResult<unknown>>;
  /** Where to go once the key is gone (its own page cannot stay). */
  onDeleted?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const remove = useServerAction(action, {
    success: `API key “${name}” deleted`,
    refresh: !onDeleted,
    onSuccess: () => {
      setOpen(false);
      onDeleted?.();
    },
  });
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), remove.reset())}>
      <DialogTrigger asChild>
        <Button variant="danger-ghost" size="sm" aria-label={`Delete API key ${name}`}>
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete API key “${name}”?`}
        description="Requests with this key are refused from now on. This cannot be undone; its audit history stays."
      >
        <FormAlert message={remove.error} />
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" pending={remove.pending} onClick={() => remove.run({ keyId })}>
            Delete
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
