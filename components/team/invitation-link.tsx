"use client";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";

/** The one place an invitation link is shown: once, after inviting or renewing. */
export function InvitationLinkContent({ id, link, description }: { id: string; link: string; description: string }) {
  return (
    <DialogContent title="Invitation link" description={description}>
      <CopyField
        id={id}
        label="Invitation link"
        value={link}
        small
        hint="Latchkey sends no email: share the link yourself. It is not shown again."
      />
      <DialogFooter>
        <DialogClose asChild>
          <Button>Done</Button>
        </DialogClose>
      </DialogFooter>
    </DialogContent>
  );
}
