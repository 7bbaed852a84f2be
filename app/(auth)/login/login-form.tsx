"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { signInWithPassword } from "@/components/auth/sign-in";

export function LoginForm({
  callbackUrl,
  signUpHref,
  initialError,
}: {
  callbackUrl: string;
  signUpHref: string;
  initialError?: string;
}) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      setError(undefined);
      const outcome = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
      if (!outcome.ok) return setError(outcome.error);
      // A full navigation, so every server component renders with the new session.
      window.location.assign(callbackUrl);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormAlert message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        Sign in
      </Button>
      <p className="text-center text-sm text-slate-600">
        New to Latchkey?{" "}
        <Link href={signUpHref} className="font-medium text-brand-700 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
