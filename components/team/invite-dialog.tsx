"use client";
import { useState } from "react";
import { InvitationLinkContent } from "./invitation-link";
import { useTeamActions } from "./team-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import { ROLE_LABELS } from "@latchkey/domain/policy";
import type { Role } from "@latchkey/domain/db/schema";

export function InviteDialog({ grantableRoles }: { grantableRoles: Role[] }) {
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<{ email: string; link: string } | null>(null);
  const invite = useServerAction(useTeamActions().invite, {
    success: (d) => `Invitation created for ${d.email}`,
    onSuccess: (d) => setSent({ email: d.email, link: `${window.location.origin}/invite/${d.token}` }),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setSent(null);
          invite.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button data-invite-member="">Invite member</Button>
      </DialogTrigger>
      {sent ? (
        <InvitationLinkContent
          id="invite-link"
          link={sent.link}
          description={`Send this link to ${sent.email}. It works once and expires in 7 days.`}
        />
      ) : (
        <DialogContent title="Invite member" description="They join with the role you choose once they open the link.">
          <form
            className="space-y-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              invite.run(new FormData(e.currentTarget));
            }}
          >
            <TextField label="Email" name="email" type="email" required autoFocus errors={invite.fieldErrors.email} />
            <SelectField
              label="Role"
              name="role"
              defaultValue={grantableRoles.includes("read_only") ? "read_only" : grantableRoles[0]}
              errors={invite.fieldErrors.role}
            >
              {grantableRoles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </SelectField>
            <FormAlert message={Object.keys(invite.fieldErrors).length ? undefined : invite.error} />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={invite.pending}>
                Send invite
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
