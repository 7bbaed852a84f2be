"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { signInWithPassword } from "@/components/auth/sign-in";
import { signUp } from "./actions";

export function SignUpForm({ next, email }: { next: string; email?: string }) {
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      setError(undefined);
      const result = await signUp(form);
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        return setError(result.error);
      }
      setFieldErrors({});
      const outcome = await signInWithPassword(result.data.email, String(form.get("password") ?? ""));
      if (!outcome.ok) return setError(outcome.error);
      window.location.assign(next);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <TextField label="Name" name="name" autoComplete="name" required autoFocus errors={fieldErrors.name} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={email}
        errors={fieldErrors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint="At least 12 characters."
        errors={fieldErrors.password}
      />
      <FormAlert message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        Create account
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link
          href={`/login?callbackUrl=${encodeURIComponent(next)}`}
          className="font-medium text-brand-700 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
