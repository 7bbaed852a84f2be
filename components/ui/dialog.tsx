"use client";
// Dialogs: Radix Dialog does the hard parts (focus trapping, Escape, outside click, aria wiring, focus
// return), but it is loaded when a dialog first opens (components/ui/dialog-radix.tsx), so pages do not
// ship it up front (≈ 14 kB gzipped). The pieces here are the light ones every page renders: the open
// state, the trigger (which remembers itself for focus return, and warms the chunk on hover or focus)
// and the close button.
import {
  cloneElement,
  createContext,
  isValidElement,
  useCallback,
  useContext,
  useEffect,
  useReducer,
  useRef,
  useState,
  type ComponentType,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  type RefObject,
} from "react";
import type { RadixContentProps } from "./dialog-radix";

// Loaded once, then rendered synchronously like any component: a dialog opened after the page has
// been idle for a moment (the chunk is fetched then) behaves exactly as if Radix had come with the page.
let RadixContent: ComponentType<RadixContentProps> | null = null;
let loading: Promise<void> | null = null;
function loadRadix(): Promise<void> {
  return (loading ??= import("./dialog-radix").then((m) => {
    RadixContent = m.default;
  }));
}

/** Fetches the dialog chunk once the page is idle (after its first load, not as part of it). */
function usePrefetchWhenIdle() {
  useEffect(() => {
    if (RadixContent) return;
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const id = idle(() => void loadRadix());
    return () => cancel(id);
  }, []);
}

interface DialogState {
  open: boolean;
  setOpen: (open: boolean) => void;
  trigger: RefObject<HTMLElement | null>;
}
const DialogContext = createContext<DialogState | null>(null);

function useDialog(part: string): DialogState {
  const state = useContext(DialogContext);
  if (!state) throw new Error(`${part} must be inside <Dialog>`);
  return state;
}

/** The open state: controlled (`open` and `onOpenChange`) or not. */
export function Dialog({
  open: controlled,
  onOpenChange,
  defaultOpen = false,
  children,
}: {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  defaultOpen?: boolean;
  children: ReactNode;
}) {
  const [own, setOwn] = useState(defaultOpen);
  const open = controlled ?? own;
  const trigger = useRef<HTMLElement | null>(null);
  usePrefetchWhenIdle();
  const setOpen = useCallback(
    (next: boolean) => {
      if (controlled === undefined) setOwn(next);
      onOpenChange?.(next);
    },
    [controlled, onOpenChange],
  );
  return <DialogContext.Provider value={{ open, setOpen, trigger }}>{children}</DialogContext.Provider>;
}

type ClickableProps = {
  onClick?: (event: MouseEvent<HTMLElement>) => void;
  onPointerEnter?: () => void;
  onFocus?: () => void;
};

/** Opens the dialog (`asChild`: the child element is the control). */
export function DialogTrigger({ children }: { asChild?: boolean; children: ReactElement<ClickableProps> }) {
  const { open, setOpen, trigger } = useDialog("DialogTrigger");
  if (!isValidElement(children)) return children;
  const props = children.props;
  const own = (props as { ref?: ((node: HTMLElement | null) => void) | RefObject<HTMLElement | null> | null }).ref;
  return cloneElement(
    children as ReactElement<ClickableProps & { ref?: unknown; "aria-haspopup"?: string; "aria-expanded"?: boolean }>,
    {
      // The child's own ref keeps working; the dialog keeps the element too, for focus return.
      ref: (node: HTMLElement | null) => {
        trigger.current = node;
        if (typeof own === "function") own(node);
        else if (own) own.current = node;
      },
      "aria-haspopup": "dialog",
      "aria-expanded": open,
      onPointerEnter: () => (void loadRadix(), props.onPointerEnter?.()),
      onFocus: () => (void loadRadix(), props.onFocus?.()),
      onClick: (event: MouseEvent<HTMLElement>) => {
        props.onClick?.(event);
        if (!event.defaultPrevented) {
          trigger.current = event.currentTarget;
          setOpen(true);
        }
      },
    },
  );
}

/** Closes the dialog (`asChild`: the child element is the control). */
export function DialogClose({ children }: { asChild?: boolean; children: ReactElement<ClickableProps> }) {
  const { setOpen } = useDialog("DialogClose");
  if (!isValidElement(children)) return children;
  const props = children.props;
  return cloneElement(children, {
    onClick: (event: MouseEvent<HTMLElement>) => {
      props.onClick?.(event);
      if (!event.defaultPrevented) setOpen(false);
    },
  });
}

/** The dialog itself: title, description, body; the options are Radix's (see dialog-radix.tsx). */
export function DialogContent(props: Omit<RadixContentProps, "open" | "onOpenChange" | "returnFocus">) {
  const { open, setOpen, trigger } = useDialog("DialogContent");
  const [, loaded] = useReducer((n: number) => n + 1, 0);
  // Opened before the chunk arrived (a click in the first moments of a page): render once it has.
  useEffect(() => {
    if (open && !RadixContent) void loadRadix().then(loaded);
  }, [open]);
  // Where focus goes back to: the trigger, or whatever had focus when the dialog opened. Read while
  // rendering the opening, before a field's autoFocus moves focus inside (Radix, noting it only after
  // mounting, would otherwise hand focus back to a field that no longer exists).
  const wasOpen = useRef(false);
  const openedFrom = useRef<HTMLElement | null>(null);
  if (open && !wasOpen.current && typeof document !== "undefined")
    openedFrom.current =
      trigger.current ??
      (document.activeElement instanceof HTMLElement && document.activeElement !== document.body
        ? document.activeElement
        : null);
  wasOpen.current = open;
  // Mounted from the first opening on, so Radix also runs the closing (focus return included).
  const opened = useRef(false);
  if (open) opened.current = true;
  if (!opened.current || !RadixContent) return null;
  return <RadixContent {...props} open={open} onOpenChange={setOpen} returnFocus={openedFrom} />;
}

export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex flex-wrap justify-end gap-2">{children}</div>;
}
