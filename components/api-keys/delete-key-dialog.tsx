"use client";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { focusOnClose, useOpenState, type OpenProps } from "./dialog-open";

export function DeleteKeyDialog({
  keyId,
  name,
  action,
  onDeleted,
  focusAfterDelete,
  ...control
}: {
  keyId: string;
  name: string;
  action: (input: { keyId: string }) => Promise<ActionResult<unknown>>;
  /** Where to go once the key is gone (its own page cannot stay). */
  onDeleted?: () => void;
  /** In a list: the control that takes focus once the key's row is gone (the next row's, say). */
  focusAfterDelete?: () => HTMLElement | null;
} & OpenProps) {
  const { open, setOpen, controlled } = useOpenState(control);
  const deleted = useRef(false);
  const remove = useServerAction(action, {
    success: `API key “${name}” deleted`,
    refresh: !onDeleted,
    onSuccess: () => {
      deleted.current = true;
      setOpen(false);
      onDeleted?.();
    },
  });
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), remove.reset())}>
      {!controlled && (
        <DialogTrigger asChild>
          <Button variant="danger-ghost" size="sm" aria-label={`Delete API key ${name}`}>
            Delete
          </Button>
        </DialogTrigger>
      )}
      <DialogContent
        title={`Delete API key “${name}”?`}
        description="Requests with this key are refused from now on. This cannot be undone; its audit history stays."
        onCloseAutoFocus={focusOnClose(() =>
          deleted.current && focusAfterDelete ? focusAfterDelete() : control.returnFocus?.current,
        )}
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
