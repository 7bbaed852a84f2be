"use client";
// The fold of the create and edit dialogs: Name, Description, Expires and Role stay in view; the rest (If leaked,
// Permissions, Rate limit, Allowed IPs) waits under Advanced. Folded fields stay in the form (hidden, not removed),
// so they are submitted with their values either way.
import { useId, useState, type ReactNode } from "react";

/** The form fields that live under Advanced: an error on any of them opens it. */
export const ADVANCED_FIELDS = [
  "leakAction",
  "permissions",
  "permissionsMode",
  "access_checks",
  "access_members",
  "access_api_keys",
  "access_audit_log",
  "rateLimit",
  "rateLimitWindow",
  "allowedIps",
];

export function AdvancedSection({
  summary,
  errors,
  children,
}: {
  /** What is set in there already, shown while closed ("rate limit, 2 IP ranges"); null when all is default. */
  summary?: string | null;
  /** The form's field errors: one on a folded field opens the section. */
  errors: Record<string, string[]>;
  children: ReactNode;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  // Opened in the same render that shows the error, so the form can move focus to the field right after.
  const [seen, setSeen] = useState(errors);
  if (seen !== errors) {
    setSeen(errors);
    if (ADVANCED_FIELDS.some((f) => errors[f]?.length)) setOpen(true);
  }
  return (
    <div className="border-t border-slate-200 pt-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="-mx-2 flex items-start gap-1.5 rounded-md px-2 py-1.5 text-left text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        <svg
          aria-hidden
          viewBox="0 0 20 20"
          fill="currentColor"
          className={`mt-0.5 size-4 shrink-0 text-slate-500 transition-transform ${open ? "rotate-90" : ""}`}
        >
          <path
            fillRule="evenodd"
            d="M7.2 14.8a.75.75 0 0 1 0-1.06L10.94 10 7.2 6.26a.75.75 0 1 1 1.06-1.06l4.27 4.27a.75.75 0 0 1 0 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0Z"
            clipRule="evenodd"
          />
        </svg>
        <span>
          Advanced
          {summary && !open && <span className="font-normal text-slate-600"> · {summary}</span>}
        </span>
      </button>
      <div id={id} hidden={!open} className="mt-3 space-y-4">
        {children}
      </div>
    </div>
  );
}
