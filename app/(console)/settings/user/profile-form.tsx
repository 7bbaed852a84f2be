"use client";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import { useRef } from "react";
import { changePasswordAction, signOutEverywhereAction, updateProfileAction } from "./actions";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const save = useServerAction(updateProfileAction, { success: "Profile saved" });
  return (
    <form
      className="grid gap-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.run(new FormData(e.currentTarget));
      }}
    >
      <TextField label="Name" name="name" defaultValue={name} required maxLength={100} errors={save.fieldErrors.name} />
      <TextField
        label="Email address"
        name="email-display"
        defaultValue={email}
        readOnly
        hint="Your sign-in address."
      />
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" pending={save.pending}>
          Save profile
        </Button>
        <FormAlert message={save.fieldErrors.name ? undefined : save.error} />
      </div>
    </form>
  );
}

export function SignOutEverywhere() {
  const run = useServerAction(signOutEverywhereAction, {
    refresh: false,
    onSuccess: () => window.location.assign("/login"),
  });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" pending={run.pending} onClick={() => run.run({})}>
        Sign out everywhere
      </Button>
      <FormAlert message={run.error} />
    </div>
  );
}

export function ChangePasswordForm() {
  const form = useRef<HTMLFormElement>(null);
  const change = useServerAction(changePasswordAction, {
    success: "Password changed. Your other sessions were signed out.",
    onSuccess: () => form.current?.reset(),
    refresh: false,
  });
  return (
    <form
      ref={form}
      className="grid gap-4 sm:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        change.run(new FormData(e.currentTarget));
      }}
    >
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={change.fieldErrors.currentPassword}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters; a phrase of unrelated words works well."
        errors={change.fieldErrors.newPassword}
      />
      <TextField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={change.fieldErrors.confirmPassword}
      />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-3">
        <Button type="submit" pending={change.pending}>
          Change password
        </Button>
        <FormAlert message={Object.keys(change.fieldErrors).length ? undefined : change.error} />
      </div>
    </form>
  );
}
