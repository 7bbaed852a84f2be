"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "@/components/ui/toast";
import type { ServerAction } from "@/components/ui/use-server-action";

export function AccountSwitcher({
  accounts,
  currentId,
  switchAccount,
}: {
  accounts: { id: string; name: string; plan: string }[];
  currentId: string | null;
  switchAccount: ServerAction<{ accountId: string }, { accountId: string }>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  if (!accounts.length) return null;
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="sr-only">Account</span>
      <select
        aria-label="Account"
        value={currentId ?? ""}
        disabled={pending}
        onChange={(e) => {
          const accountId = e.target.value;
          startTransition(async () => {
            const result = await switchAccount({ accountId });
            if (!result.ok) toast.error(result.error);
            else {
              const name = accounts.find((a) => a.id === accountId)?.name;
              toast.success(`Switched to ${name}`);
            }
            router.refresh();
          });
        }}
        className="h-9 max-w-[9rem] truncate rounded-md sm:max-w-[16rem] border-0 bg-white py-1.5 pl-3 pr-8 font-medium text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
}
