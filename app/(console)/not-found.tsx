import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Page not found" };

/**
 * A missing page inside the console (a deleted key, say): shown in the console's own `main`, beside its
 * navigation, so it is a section, not a second `main` (app/not-found.tsx is the one outside the console).
 */
export default function ConsoleNotFound() {
  return (
    <div className="flex flex-col items-center px-6 py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">The link may be old, or the key or page may have been deleted.</p>
      <Link href="/settings/user" className={buttonClass("primary", "md", "mt-6")}>
        Back to your settings
      </Link>
    </div>
  );
}
