"use client";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import { signOutEverywhereAction, updateProfileAction } from "./actions";

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
      <TextField label="Email address" name="email-display" defaultValue={email} readOnly hint="Your sign-in address." />
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
  const run = useServerAction(signOutEverywhereAction, { refresh: false, onSuccess: () => window.location.assign("/login") });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" pending={run.pending} onClick={() => run.run({})}>
        Sign out everywhere
      </Button>
      <FormAlert message={run.error} />
    </div>
  );
}
