import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main
      id="main"
      className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center"
    >
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">The link may be old, or the key or page may have been deleted.</p>
      <Link href="/" className={buttonClass("primary", "md", "mt-6")}>
        Back to Latchkey
      </Link>
    </main>
  );
}
