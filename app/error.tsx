"use client";
// Anything a page did not expect lands here, styled, with a way back; the details stay in the server log.
import { buttonClass } from "@/components/ui/button";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center">
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
