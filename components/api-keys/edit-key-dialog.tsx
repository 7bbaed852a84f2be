"use client";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { AdvancedSection } from "./advanced-section";
import { focusOnClose, useOpenState, type OpenProps } from "./dialog-open";
import { ExpiryFields } from "./expiry-fields";
import { LimitsFields } from "./limits-fields";
import { limitsInBrief } from "./limits-summary";
import type { KeyRowData } from "./types";

export function EditKeyDialog({
  row,
  action,
  ...control
}: {
  row: KeyRowData;
  action: (input: FormData) => Promise<ActionResult<unknown>>;
} & OpenProps) {
  const { open, setOpen, controlled } = useOpenState(control);
  const save = useServerAction(action, { success: "API key saved", onSuccess: () => setOpen(false) });
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, save.fieldErrors);
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), save.reset())}>
      {!controlled && (
        <DialogTrigger asChild>
          <Button variant="ghost" size="sm" aria-label={`Edit API key ${row.name}`}>
            Edit
          </Button>
        </DialogTrigger>
      )}
      <DialogContent
        title="Edit API key"
        description={`${row.hint} · the token itself never changes.`}
        size="lg"
        onCloseAutoFocus={focusOnClose(control.returnFocus)}
      >
        <form
          ref={form}
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            form.set("keyId", row.id);
            save.run(form);
          }}
        >
          <TextField
            label="Name"
            name="name"
            defaultValue={row.name}
            required
            maxLength={100}
            errors={save.fieldErrors.name}
          />
          <TextAreaField
            label="Description"
            name="description"
            optional
            rows={2}
            defaultValue={row.description ?? ""}
            errors={save.fieldErrors.description}
          />
          <ExpiryFields
            keepLabel={row.expiresOn ? `${row.expired ? "expired" : "expires"} ${row.expiresOn}` : "never expires"}
            maxDays={row.maxLifetimeDays}
            errors={save.fieldErrors}
          />
          <AdvancedSection summary={limitsInBrief(row.limits)} errors={save.fieldErrors}>
            <LimitsFields current={row.limits} errors={save.fieldErrors} />
          </AdvancedSection>
          <FormAlert message={Object.keys(save.fieldErrors).length ? undefined : save.error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={save.pending}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
