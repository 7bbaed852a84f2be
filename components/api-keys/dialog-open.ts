"use client";
import { useState, type RefObject } from "react";

/**
 * A key dialog opened either by its own trigger button (uncontrolled) or from elsewhere, e.g. a row's actions menu
 * (controlled: `open` and `onOpenChange`, with `returnFocus` naming the control focus goes back to on close).
 */
export interface OpenProps {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  returnFocus?: RefObject<HTMLElement | null>;
}

export function useOpenState({ open, onOpenChange }: OpenProps) {
  const [own, setOwn] = useState(false);
  const controlled = open !== undefined;
  return {
    controlled,
    open: controlled ? open : own,
    setOpen: (next: boolean) => (controlled ? onOpenChange?.(next) : setOwn(next)),
  };
}

/** For DialogContent's onCloseAutoFocus: focus `target` (when it is still on the page) instead of the default. */
export function focusOnClose(target?: RefObject<HTMLElement | null> | (() => HTMLElement | null | undefined)) {
  if (!target) return undefined;
  return (event: Event) => {
    const el = typeof target === "function" ? target() : target.current;
    if (el?.isConnected) {
      event.preventDefault();
      el.focus();
    }
  };
}
