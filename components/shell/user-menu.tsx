"use client";
import Link from "next/link";
import { signOut } from "@/components/auth/sign-in";
import { useRef, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";

/** A small disclosure menu: Escape and outside clicks close it; focus returns to the button. */
export function UserMenu({ name, email }: { name: string; email: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useDismiss(open, root, (reason) => {
    setOpen(false);
    if (reason === "escape") button.current?.focus();
  });
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        // The accessible name starts with what the button shows, the initials and (from 640 px) the name, so a
        // voice user can say what they see (WCAG 2.5.3), and then says what the button is. The space between the
        // two spans keeps them two words in the visible text too.
        aria-label={`${initials || "?"} ${name}, user menu`}
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-full py-1 pl-1 pr-2 text-sm hover:bg-slate-100"
      >
        <span className="grid size-8 place-items-center rounded-full bg-slate-800 text-xs font-semibold text-white">
          {initials || "?"}
        </span>{" "}
        <span className="hidden max-w-[10rem] truncate font-medium text-slate-800 sm:inline">{name}</span>
      </button>
      {open && (
        <div className="absolute right-0 z-30 mt-2 w-60 rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-900/10">
          <div className="border-b border-slate-100 px-3 py-2">
            <p className="truncate text-sm font-medium text-slate-900">{name}</p>
            <p className="truncate text-xs text-slate-500">{email}</p>
          </div>
          <Link
            href="/settings/user"
            onClick={() => setOpen(false)}
            className="block px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
          >
            User settings
          </Link>
          <a href="/docs" className="block px-3 py-2 text-sm text-slate-700 hover:bg-slate-50">
            API docs
          </a>
          <button
            type="button"
            onClick={() => signOut("/login")}
            className="block w-full px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-50"
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
