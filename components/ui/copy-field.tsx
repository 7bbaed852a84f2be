"use client";
import { useRef, type ReactNode } from "react";
import { CopyButton } from "./copy-button";

/** A read-only value with a Copy button (Account ID, a new token, an invitation link). */
export function CopyField({
  id,
  label,
  value,
  hint,
  small = false,
  onCopied,
}: {
  id: string;
  label: string;
  value: string;
  hint?: ReactNode;
  small?: boolean;
  onCopied?: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.currentTarget.select()}
          className={`block min-w-0 flex-1 rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-slate-900 ring-1 ring-inset ring-slate-300 ${small ? "text-xs" : "text-sm"}`}
        />
        <CopyButton value={value} fallbackSelect={() => input.current} onCopied={onCopied} />
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}
