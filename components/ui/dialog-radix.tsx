"use client";
// The part of a dialog that needs Radix (focus trap, Escape and outside click, aria wiring, portal),
// loaded when a dialog first opens (components/ui/dialog.tsx), not with the page.
import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode, RefObject } from "react";

export interface RadixContentProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The control that opened the dialog: focus goes back to it on close, unless onCloseAutoFocus says otherwise. */
  returnFocus: RefObject<HTMLElement | null>;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  size?: "md" | "lg";
  onEscapeKeyDown?: (event: KeyboardEvent) => void;
  onInteractOutside?: (event: Event) => void;
  onCloseAutoFocus?: (event: Event) => void;
}

export default function RadixContent({
  open,
  onOpenChange,
  returnFocus,
  title,
  description,
  children,
  size = "md",
  onEscapeKeyDown,
  onInteractOutside,
  onCloseAutoFocus,
}: RadixContentProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/50 backdrop-blur-[1px] data-[state=open]:animate-in" />
        <RadixDialog.Content
          onEscapeKeyDown={onEscapeKeyDown}
          onInteractOutside={onInteractOutside}
          onCloseAutoFocus={(event) => {
            onCloseAutoFocus?.(event);
            if (event.defaultPrevented) return;
            const back = returnFocus.current;
            if (back?.isConnected) {
              event.preventDefault();
              back.focus();
            }
          }}
          className={`fixed left-1/2 top-[12vh] z-50 max-h-[80vh] w-[calc(100vw-2rem)] -translate-x-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl ring-1 ring-slate-900/10 focus:outline-none ${
            size === "lg" ? "max-w-xl" : "max-w-md"
          }`}
        >
          <RadixDialog.Title className="text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1.5 text-sm text-slate-600">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
          )}
          <div className="mt-5">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
