"use client";
import { useRef, type ReactNode } from "react";
import { CopyButton } from "./copy-button";

/**
 * A read-only value with a Copy button (Account ID, a new token, an invitation link). `wrap` shows a long value whole,
 * on as many lines as it needs (a read-only text area), where a one-line field would cut it on a phone.
 */
export function CopyField({
  id,
  label,
  value,
  hint,
  small = false,
  wrap = false,
  onCopied,
}: {
  id: string;
  label: string;
  value: string;
  hint?: ReactNode;
  small?: boolean;
  wrap?: boolean;
  onCopied?: () => void;
}) {
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const common = {
    id,
    ref: field,
    readOnly: true,
    value,
    autoComplete: "off",
    spellCheck: false,
    "aria-describedby": hint ? `${id}-hint` : undefined,
    onFocus: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => e.currentTarget.select(),
    className: `block min-w-0 flex-1 rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-slate-900 ring-1 ring-inset ring-slate-300 ${small ? "text-xs" : "text-sm"}`,
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className={`flex flex-wrap gap-2 ${wrap ? "items-start" : "items-center"}`}>
        {wrap ? (
          // As tall as its text (field-sizing), broken anywhere: a token has no spaces to break at.
          <textarea
            {...common}
            rows={1}
            className={`${common.className} min-w-[12rem] resize-none overflow-hidden break-all [field-sizing:content]`}
          />
        ) : (
          <input {...common} />
        )}
        <CopyButton value={value} fallbackSelect={() => field.current} onCopied={onCopied} />
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}
