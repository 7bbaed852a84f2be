"use client";
import { useState } from "react";
import { Button } from "./button";

/**
 * Copies `value` to the clipboard and says so. Where the clipboard API is unavailable (plain http
 * on another host, old browsers), it selects the text of `fallbackSelect` so the user can press Ctrl+C.
 */
export function CopyButton({
  value,
  fallbackSelect,
  label = "Copy",
  size = "md",
  onCopied,
}: {
  value: string;
  fallbackSelect?: () => HTMLInputElement | HTMLTextAreaElement | null;
  label?: string;
  size?: "sm" | "md";
  onCopied?: () => void;
}) {
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setState("copied");
      onCopied?.();
    } catch {
      const input = fallbackSelect?.();
      input?.focus();
      input?.select();
      setState("select");
    }
    setTimeout(() => setState("idle"), 2500);
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size={size} onClick={copy}>
        {label}
      </Button>
      <span aria-live="polite" className="text-xs font-medium text-emerald-700">
        {state === "copied" ? "Copied" : state === "select" ? "Selected: press Ctrl+C to copy" : ""}
      </span>
    </span>
  );
}
