"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { acceptInvite } from "./actions";

export function AcceptInvitation({ token, accountName }: { token: string; accountName: string }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-3">
      <FormAlert message={error} />
      <Button
        className="w-full"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await acceptInvite({ token });
            if (!result.ok) return setError(result.error);
            window.location.assign("/settings/account/team");
          })
        }
      >
        Join {accountName}
      </Button>
    </div>
  );
}
