"use client";
import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@latchkey/domain/action-result";

/** A server action as a client component receives it (as a prop, from a page). */
export type ServerAction<I, T> = (input: I) => Promise<ActionResult<T>>;

interface Options<T> {
  /** Toast shown on success. */
  success?: string | ((data: T) => string);
  onSuccess?: (data: T) => void;
  onError?: (message: string) => void;
  /** Re-render the server components of the page after success (default true). */
  refresh?: boolean;
}

/** Runs a server action in a transition; keeps its error and field errors for the form to show. */
export function useServerAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, options: Options<T> = {}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const { success, onSuccess, onError, refresh = true } = options;

  const run = useCallback(
    (input: I) =>
      startTransition(async () => {
        setError(undefined);
        let result: ActionResult<T>;
        try {
          result = await action(input);
        } catch {
          result = { ok: false, error: "Could not reach the server. Check your connection and try again." };
        }
        if (!result.ok) {
          setError(result.error);
          setFieldErrors(result.fieldErrors ?? {});
          onError?.(result.error);
          return;
        }
        setFieldErrors({});
        if (success) toast.success(typeof success === "function" ? success(result.data) : success);
        onSuccess?.(result.data);
        if (refresh) router.refresh();
      }),
    [action, success, onSuccess, onError, refresh, router],
  );
  const reset = useCallback(() => {
    setError(undefined);
    setFieldErrors({});
  }, []);
  return { run, pending, error, fieldErrors, reset };
}
