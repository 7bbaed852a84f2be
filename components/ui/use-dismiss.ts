"use client";
import { useEffect, type RefObject } from "react";

/** Closes a popover on Escape and on a click outside `root`. */
export function useDismiss(
  open: boolean,
  root: RefObject<HTMLElement | null>,
  close: (reason: "escape" | "outside") => void,
) {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close("escape");
    const onClick = (e: MouseEvent) => !root.current?.contains(e.target as Node) && close("outside");
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open, root, close]);
}
