"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { AdvancedSection } from "./advanced-section";
import { ExpiryFields } from "./expiry-fields";
import { LimitsFields } from "./limits-fields";
import { RevealKeyDialog } from "./reveal-key-dialog";

export interface CreatedKey {
  id: string;
  name: string;
  token: string;
}

/**
 * Create dialog, then the copy-once dialog. Shared by user and service keys (service keys add Role). Name,
 * Description, Role and Expires stay in view; If leaked and the limits fold under Advanced.
 */
export function CreateKeyDialog({
  triggerLabel,
  action,
  roles,
  disabledReason,
  usage,
  maxLifetimeDays = null,
}: {
  triggerLabel: string;
  action: (input: FormData) => Promise<ActionResult<CreatedKey>>;
  roles?: { value: string; label: string }[];
  disabledReason?: string;
  /** Where and how the new key is used, for the reveal dialog's examples (accountId: null for service keys). */
  usage?: { origin: string; accountId: string | null };
  /** The account's maximum key lifetime in days: the default expiry, and "Never" is not offered. */
  maxLifetimeDays?: number | null;
}) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const create = useServerAction(action, {
    success: (d) => `API key “${d.name}” created`,
    onSuccess: (d) => {
      setOpen(false);
      setToken(d.token);
    },
  });
  const hasFieldErrors = Object.keys(create.fieldErrors).length > 0;
  useFocusFirstError(form, create.fieldErrors);
  return (
    <>
      <div className="flex flex-col items-end gap-1">
        <Button
          ref={trigger}
          onClick={() => setOpen(true)}
          disabled={!!disabledReason}
          aria-describedby={disabledReason ? "create-key-disabled" : undefined}
        >
          {triggerLabel}
        </Button>
        {disabledReason && (
          <p id="create-key-disabled" className="max-w-xs text-right text-xs text-slate-500">
            {disabledReason}
          </p>
        )}
      </div>
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), create.reset())}>
        <DialogContent title="Create API key" description="The key is shown once, right after you create it." size="lg">
          <form
            ref={form}
            className="space-y-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              create.run(new FormData(e.currentTarget));
            }}
          >
            <TextField
              label="Name"
              name="name"
              required
              maxLength={100}
              autoFocus
              errors={create.fieldErrors.name}
              placeholder="e.g. CI deploys"
            />
            <TextAreaField
              label="Description"
              name="description"
              optional
              rows={2}
              maxLength={500}
              errors={create.fieldErrors.description}
            />
            {roles && (
              <SelectField label="Role" name="role" defaultValue={roles.at(-1)?.value} errors={create.fieldErrors.role}>
                {roles.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </SelectField>
            )}
            <ExpiryFields maxDays={maxLifetimeDays} errors={create.fieldErrors} />
            <AdvancedSection errors={create.fieldErrors}>
              <SelectField
                label="If leaked"
                name="leakAction"
                defaultValue="disable"
                hint="What Latchkey does when this key is reported as leaked. You are notified either way."
                errors={create.fieldErrors.leakAction}
              >
                <option value="none">Do nothing</option>
                <option value="disable">Disable the key</option>
                <option value="delete">Delete the key</option>
              </SelectField>
              <LimitsFields errors={create.fieldErrors} />
            </AdvancedSection>
            <FormAlert message={hasFieldErrors ? undefined : create.error} />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={create.pending}>
                Create
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <RevealKeyDialog token={token} onDone={() => setToken(null)} usage={usage} returnFocus={() => trigger.current} />
    </>
  );
}
