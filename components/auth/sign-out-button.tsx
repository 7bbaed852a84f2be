"use client";
import { signOut } from "@/components/auth/sign-in";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton({
  callbackUrl = "/login",
  className = "",
}: {
  callbackUrl?: string;
  className?: string;
}) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      className={className}
      pending={pending}
      onClick={() => startTransition(() => signOut(callbackUrl))}
    >
      Sign out
    </Button>
  );
}
