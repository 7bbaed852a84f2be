import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 text-slate-900">
      <span
        aria-hidden
        className="grid size-8 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white shadow-sm"
      >
        Lk
      </span>
      {/* On phones only the mark shows; the name stays for screen readers. */}
      <span className="sr-only text-lg font-semibold tracking-tight sm:not-sr-only">Latchkey</span>
    </Link>
  );
}
