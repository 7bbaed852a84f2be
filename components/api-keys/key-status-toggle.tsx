"use client";
import { useRef, useState, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { toast } from "@/components/ui/toast";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { focusOnClose } from "./dialog-open";
import type { KeyRowData } from "./types";

export type SetStatusAction = (input: {
  keyId: string;
  status: "active" | "disabled";
  acknowledgeLeak?: boolean;
}) => Promise<ActionResult<unknown>>;

const unavailable: SetStatusAction = async () => ({ ok: false, error: "You cannot change this key." });

/** Disable or enable a key; a leaked key is enabled again only after an explicit acknowledgement (the dialog). */
export function useStatusToggle(row: KeyRowData, action: SetStatusAction | undefined) {
  const next = row.status === "active" ? "disabled" : "active";
  const [confirming, setConfirming] = useState(false);
  const toggle = useServerAction(action ?? unavailable, {
    success: `API key “${row.name}” ${next === "active" ? "enabled" : "disabled"}`,
    onSuccess: () => setConfirming(false),
    onError: (message) => toast.error(message),
  });
  return {
    next,
    verb: next === "active" ? "Enable" : "Disable",
    label: `${next === "active" ? "Enable" : "Disable"} API key ${row.name}`,
    /** Enabling a leaked key asks first. */
    needsConfirmation: next === "active" && !!row.leakedAt,
    toggle,
    confirming,
    setConfirming,
    /** Disables, or enables, or opens the confirmation for a leaked key. */
    start: () => {
      if (toggle.pending) return;
      if (next === "active" && row.leakedAt) setConfirming(true);
      else toggle.run({ keyId: row.id, status: next });
    },
  };
}

export function LeakedEnableDialog({
  row,
  state,
  returnFocus,
}: {
  row: KeyRowData;
  state: ReturnType<typeof useStatusToggle>;
  returnFocus: RefObject<HTMLElement | null>;
}) {
  const [understood, setUnderstood] = useState(false);
  const { toggle, confirming, setConfirming } = state;
  return (
    <Dialog open={confirming} onOpenChange={(o) => (setConfirming(o), setUnderstood(false), toggle.reset())}>
      <DialogContent
        title={`Enable “${row.name}” again?`}
        description={`This key was reported as leaked on ${row.leakedAt}${row.leakedUrl ? ` at ${row.leakedUrl}` : ""}. Anyone who saw it can use it once it is enabled.`}
        onCloseAutoFocus={focusOnClose(returnFocus)}
      >
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            className="mt-0.5 size-4"
            checked={understood}
            onChange={(e) => setUnderstood(e.target.checked)}
          />
          I understand this key was exposed and want it to work again.
        </label>
        <div className="mt-3">
          <FormAlert message={toggle.error} />
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            disabled={!understood}
            pending={toggle.pending}
            onClick={() => toggle.run({ keyId: row.id, status: "active", acknowledgeLeak: true })}
          >
            Enable key
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The key page's inline Disable / Enable button. It stays the same element whatever the key's state (never disabled
 * while the request runs: a disabled button would drop focus to the page), so focus stays on it after a toggle.
 */
export function StatusToggle({ row, action }: { row: KeyRowData; action: SetStatusAction }) {
  const button = useRef<HTMLButtonElement>(null);
  const state = useStatusToggle(row, action);
  return (
    <>
      <Button
        ref={button}
        variant="ghost"
        size="sm"
        aria-label={state.label}
        aria-busy={state.toggle.pending || undefined}
        aria-haspopup={state.needsConfirmation ? "dialog" : undefined}
        onClick={state.start}
      >
        {state.toggle.pending && (
          <span
            aria-hidden
            className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
          />
        )}
        {state.verb}
      </Button>
      {state.needsConfirmation && <LeakedEnableDialog row={row} state={state} returnFocus={button} />}
    </>
  );
}
