"use client";
import { useState } from "react";
import { agree, countOf } from "@latchkey/domain/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import {
  changePlanAction,
  deleteAccountAction,
  leaveAccountAction,
  renameAccountAction,
  setMaxKeyLifetimeAction,
  setRestrictKeyCreationAction,
} from "./actions";

const PLAN_LABELS = { hobby: "Hobby", team: "Team", enterprise: "Enterprise" } as const;

export function AccountNameForm({ name, canEdit }: { name: string; canEdit: boolean }) {
  const rename = useServerAction(renameAccountAction, { success: "Account name saved" });
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        rename.run(new FormData(e.currentTarget));
      }}
    >
      <div className="min-w-64 flex-1">
        <TextField
          label="Account name"
          name="name"
          defaultValue={name}
          readOnly={!canEdit}
          required
          maxLength={100}
          errors={rename.fieldErrors.name}
          hint={canEdit ? undefined : "Only owners and admins can rename the account."}
        />
      </div>
      {canEdit && (
        <Button type="submit" pending={rename.pending} className={rename.fieldErrors.name ? "mb-6" : ""}>
          Save
        </Button>
      )}
      <div className="basis-full">
        <FormAlert message={rename.fieldErrors.name ? undefined : rename.error} />
      </div>
    </form>
  );
}

export function AccountIdField({ accountId }: { accountId: string }) {
  return (
    <div className="max-w-xl">
      <CopyField
        id="account-id"
        label="Account ID"
        value={accountId}
        hint={
          <>
            Send it in the <code className="font-mono">X-Account-Id</code> header with a user API key.
          </>
        }
      />
    </div>
  );
}

export function PlanForm({ plan, canEdit }: { plan: keyof typeof PLAN_LABELS; canEdit: boolean }) {
  const change = useServerAction(changePlanAction, { success: (d) => `Plan changed to ${PLAN_LABELS[d.plan]}` });
  if (!canEdit)
    return (
      <p className="text-sm text-slate-700">
        Current plan: <Badge tone="blue">{PLAN_LABELS[plan]}</Badge>{" "}
        <span className="ml-2 text-slate-500">Only an owner can change the plan.</span>
      </p>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        change.run(new FormData(e.currentTarget));
      }}
    >
      <div className="w-56">
        <SelectField label="Plan" name="plan" defaultValue={plan}>
          {Object.entries(PLAN_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" variant="secondary" pending={change.pending}>
        Change plan
      </Button>
      <div className="basis-full">
        <FormAlert message={change.error} />
      </div>
    </form>
  );
}

export function KeyCreationForm({ restrict, canEdit }: { restrict: boolean; canEdit: boolean }) {
  const [checked, setChecked] = useState(restrict);
  const save = useServerAction(setRestrictKeyCreationAction, {
    success: (d) =>
      d.restrict ? "Only members with the grant can now create API keys" : "Every member can now create API keys",
  });
  return (
    <div className="space-y-3">
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          checked={checked}
          disabled={!canEdit || save.pending}
          aria-describedby="restrict-hint"
          onChange={(e) => {
            setChecked(e.target.checked);
            save.run({ restrict: e.target.checked });
          }}
        />
        <span>
          <span className="block text-sm font-medium text-slate-800">Restrict API key creation</span>
          <span id="restrict-hint" className="block text-sm text-slate-600">
            When on, only members you grant the right to (on the Team page) can create user API keys here. Existing keys
            keep working.
            {!canEdit && " Only owners and admins can change this."}
          </span>
        </span>
      </label>
      <FormAlert message={save.error} />
    </div>
  );
}

export function LeaveAccount({ accountName }: { accountName: string }) {
  const [open, setOpen] = useState(false);
  const leave = useServerAction(leaveAccountAction, {
    success: `You left ${accountName}`,
    refresh: false,
    onSuccess: () => window.location.assign("/settings/user"),
  });
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), leave.reset())}>
      <DialogTrigger asChild>
        <Button variant="danger-ghost" className="ring-1 ring-inset ring-red-200">
          Leave account
        </Button>
      </DialogTrigger>
      <DialogContent title={`Leave ${accountName}?`} description="You will need a new invitation to come back.">
        <FormAlert message={leave.error} />
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" pending={leave.pending} onClick={() => leave.run({})}>
            Leave account
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Owners only: deletes the account after its name is typed, then leaves for User settings. */
export function DeleteAccount({
  accountName,
  keyCount,
  memberCount,
}: {
  accountName: string;
  keyCount: number;
  memberCount: number;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useServerAction(deleteAccountAction, {
    success: `${accountName} was deleted`,
    refresh: false,
    onSuccess: () => window.location.assign("/settings/user"),
  });
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setTyped(""), remove.reset())}>
      <DialogTrigger asChild>
        <Button variant="danger">Delete account</Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${accountName}?`}
        description={`This cannot be undone. ${countOf(memberCount, "member")} ${agree(memberCount, "loses", "lose")} access, and ${countOf(keyCount, "API key")} created in it ${agree(keyCount, "stops", "stop")} working at once. The audit log keeps a record.`}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            remove.run({ confirmName: typed });
          }}
          className="space-y-4"
        >
          <TextField
            label={`Type ${accountName} to confirm`}
            name="confirmName"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            errors={remove.fieldErrors.confirmName}
          />
          <FormAlert message={remove.fieldErrors.confirmName ? undefined : remove.error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" pending={remove.pending} disabled={typed.trim() !== accountName}>
              Delete account
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * Maximum key lifetime (docs/concepts.md#status-expiry-and-deletion): saved as soon as it is chosen; existing keys are
 * not changed.
 */
export function KeyLifetimeForm({ days, canEdit }: { days: number | null; canEdit: boolean }) {
  const [value, setValue] = useState(days === null ? "none" : String(days));
  const save = useServerAction(setMaxKeyLifetimeAction, {
    success: (d) => (d.days ? `New keys now live at most ${d.days} days` : "New keys may live without a maximum"),
    onError: () => setValue(days === null ? "none" : String(days)),
  });
  return (
    <div className="max-w-sm space-y-2">
      <SelectField
        label="Maximum key lifetime"
        value={value}
        disabled={!canEdit || save.pending}
        hint={`New and rotated keys without an expiry get the maximum; a later expiry is refused. Existing keys are not changed (the key health report lists them).${canEdit ? "" : " Only owners and admins can change this."}`}
        onChange={(e) => {
          setValue(e.target.value);
          save.run({ days: e.target.value });
        }}
      >
        <option value="none">No maximum</option>
        <option value="30">30 days</option>
        <option value="90">90 days</option>
        <option value="365">365 days</option>
      </SelectField>
      <FormAlert message={save.error} />
    </div>
  );
}
