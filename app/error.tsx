"use client";
// Anything a page did not expect lands here, styled, with a way back; the details stay in the server log.
// The one failure a user can do nothing about is a database that does not answer (restarting, failing
// over): health says so (503), and then the page says so too, checks again every few seconds and comes
// back by itself once the database answers (docs/operations.md#health-and-outages).
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";

const RETRY_MS = 3_000;

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [databaseDown, setDatabaseDown] = useState(false);
  const wasDown = useRef(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const status = await fetch("/api/health", { cache: "no-store" }).then(
        (r) => r.status,
        () => 0,
      );
      if (stopped) return;
      if (status === 200) {
        // Back: render the page again from the server, as if nothing had happened.
        if (wasDown.current)
          startTransition(() => {
            router.refresh();
            reset();
          });
        return;
      }
      wasDown.current = true;
      setDatabaseDown(true);
      timer = setTimeout(check, RETRY_MS);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [reset, router]);

  if (databaseDown)
    return (
      <main
        id="main"
        className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center"
      >
        <p className="text-sm font-semibold text-amber-800">Temporarily unavailable</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Latchkey can’t reach its database</h1>
        <p className="mt-2 text-sm text-slate-600">
          Nothing was lost or changed. This page checks again every few seconds and comes back by itself once the
          database answers.
        </p>
        <p role="status" className="mt-4 inline-flex items-center gap-2 text-sm text-slate-500">
          <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-amber-600" />
          Waiting for the database…
        </p>
      </main>
    );

  return (
    <main
      id="main"
      className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center"
    >
      <p className="text-sm font-semibold text-brand-700">Something went wrong</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-600">Nothing was changed. Try again, or go back to your settings.</p>
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={reset} className={buttonClass("secondary")}>
          Try again
        </button>
        <a href="/settings/user" className={buttonClass("primary")}>
          Back to Latchkey
        </a>
      </div>
    </main>
  );
}
