"use client";
// A menu button (Radix DropdownMenu): arrows move between items, Enter or Space picks one, Escape closes
// and hands focus back to the button. Not modal, so a dialog opened from an item owns focus and pointer
// events alone (two modal layers closing and opening at once can leave the page unclickable).
import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import { forwardRef, type ComponentProps, type ReactNode } from "react";

export function Menu(props: ComponentProps<typeof RadixMenu.Root>) {
  return <RadixMenu.Root modal={false} {...props} />;
}

/** The button that opens the menu; its accessible name is `label`, its face the "⋯" glyph. */
export const MenuButton = forwardRef<HTMLButtonElement, { label: string; busy?: boolean; className?: string }>(
  function MenuButton({ label, busy = false, className = "" }, ref) {
    return (
      <RadixMenu.Trigger asChild>
        <button
          ref={ref}
          type="button"
          aria-label={label}
          aria-busy={busy || undefined}
          className={`inline-flex size-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 data-[state=open]:bg-slate-100 ${className}`}
        >
          <svg aria-hidden viewBox="0 0 20 20" className={`size-5 ${busy ? "animate-pulse" : ""}`} fill="currentColor">
            <circle cx="4" cy="10" r="1.6" />
            <circle cx="10" cy="10" r="1.6" />
            <circle cx="16" cy="10" r="1.6" />
          </svg>
        </button>
      </RadixMenu.Trigger>
    );
  },
);

export function MenuContent({
  children,
  onCloseAutoFocus,
}: {
  children: ReactNode;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  return (
    <RadixMenu.Portal>
      <RadixMenu.Content
        align="end"
        sideOffset={4}
        collisionPadding={8}
        onCloseAutoFocus={onCloseAutoFocus}
        className="z-30 min-w-40 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-900/10 focus:outline-none"
      >
        {children}
      </RadixMenu.Content>
    </RadixMenu.Portal>
  );
}

/** An item: `label` is its accessible name and must contain the visible text (`children`). */
export function MenuItem({
  label,
  children,
  onSelect,
  danger = false,
}: {
  label: string;
  children: ReactNode;
  onSelect: () => void;
  danger?: boolean;
}) {
  return (
    <RadixMenu.Item
      aria-label={label}
      onSelect={onSelect}
      className={`flex cursor-default select-none items-center rounded-md px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100 ${
        danger ? "text-red-700 data-[highlighted]:bg-red-50" : "text-slate-800"
      }`}
    >
      {children}
    </RadixMenu.Item>
  );
}

export function MenuSeparator() {
  return <RadixMenu.Separator className="my-1 h-px bg-slate-100" />;
}
