"use client";
import { useRef, useState } from "react";
import { countOf } from "@latchkey/domain/format";
import { useTeamActions } from "./team-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";

export function RemoveMemberDialog({
  userId,
  name,
  email,
  keyCount,
  accountName,
  disabledReason,
}: {
  userId: string;
  name: string;
  email: string;
  keyCount: number;
  accountName: string;
  disabledReason?: string;
}) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const removed = useRef(false);
  const remove = useServerAction(useTeamActions().remove, {
    success: `${email} was removed from ${accountName}`,
    onSuccess: () => {
      removed.current = true;
      setOpen(false);
    },
  });
  // The removed member's row goes away with its Remove button: focus goes on to the next member's Remove button, or
  // to Invite member when there is none.
  const focusAfterRemoval = (event: Event) => {
    if (!removed.current) return;
    removed.current = false;
    const buttons = [...document.querySelectorAll<HTMLButtonElement>("button[data-remove-member]")];
    const next = buttons.slice(buttons.indexOf(trigger.current!) + 1).find((b) => !b.disabled);
    const target = next ?? document.querySelector<HTMLButtonElement>("button[data-invite-member]");
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  const keys = countOf(keyCount, "API key");
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), remove.reset())}>
      <DialogTrigger asChild>
        <Button
          ref={trigger}
          data-remove-member=""
          variant="danger-ghost"
          size="sm"
          aria-label={`Remove ${email}`}
          title={disabledReason}
          disabled={!!disabledReason}
        >
          Remove
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Remove ${name}?`}
        description={`${email} will lose access to ${accountName} at once.`}
        onCloseAutoFocus={focusAfterRemoval}
      >
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {keys} of this member will lose access to this account.{" "}
          {keyCount > 0 && "They keep working in the member's other accounts."}
        </p>
        <div className="mt-3">
          <FormAlert message={remove.error} />
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" pending={remove.pending} onClick={() => remove.run({ userId })}>
            Remove member
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
