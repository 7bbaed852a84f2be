"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { focusOnClose, useOpenState, type OpenProps } from "./dialog-open";
import { RevealKeyDialog } from "./reveal-key-dialog";

export type RotateAction = (input: {
  keyId: string;
  oldKeyEnds: string;
}) => Promise<ActionResult<{ id: string; name: string; token: string; oldKeyEndsAt: string }>>;

const CHOICES = [
  ["on_first_use", "When the new key is first used (at most 7 days)"],
  ["day", "In 24 hours, or when the new key is first used"],
  ["now", "Now"],
] as const;

/**
 * Rotate (docs/concepts.md#rotation): a new key with the same name, role and leak action, shown once; the old key
 * keeps working until the chosen moment, so whatever uses it can move over without an outage.
 */
export function RotateKeyDialog({
  keyId,
  name,
  action,
  label = "Rotate",
  ariaLabel,
  focusAfter,
  oldKeyDisabled = false,
  ...control
}: {
  keyId: string;
  name: string;
  action: RotateAction;
  label?: string;
  ariaLabel?: string;
  /** Where focus goes once the new key was shown (default: the control that opened the dialog). */
  focusAfter?: () => HTMLElement | null;
  /** A disabled leaked key: it stays disabled, so there is no deadline to choose. */
  oldKeyDisabled?: boolean;
} & OpenProps) {
  const { open, setOpen, controlled } = useOpenState(control);
  const [token, setToken] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const router = useRouter();
  // The page refreshes only after the new key was shown: the rotated row loses its Rotate button (and
  // this dialog with it) on refresh, which must not take the token away mid-reveal.
  const rotate = useServerAction(action, {
    refresh: false,
    success: (d) =>
      `“${d.name}” rotated: the old key works until ${new Date(d.oldKeyEndsAt).toUTCString().replace(" GMT", " UTC")} at the latest`,
    onSuccess: (d) => {
      setOpen(false);
      setToken(d.token);
    },
  });
  return (
    <>
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), rotate.reset())}>
        {!controlled && (
          <DialogTrigger asChild>
            <Button ref={trigger} variant="ghost" size="sm" aria-label={ariaLabel ?? `Rotate API key ${name}`}>
              {label}
            </Button>
          </DialogTrigger>
        )}
        <DialogContent
          title="Rotate API key"
          description={`A new key replaces “${name}”, with the same name, role and leak action. You see it once.`}
          onCloseAutoFocus={focusOnClose(control.returnFocus)}
        >
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              const ends = oldKeyDisabled ? "now" : String(new FormData(e.currentTarget).get("oldKeyEnds"));
              rotate.run({ keyId, oldKeyEnds: ends });
            }}
          >
            {oldKeyDisabled ? (
              <p className="text-sm text-slate-600">
                The old key stays disabled and never works again. Put the new key wherever the old one was used.
              </p>
            ) : (
              <>
                <SelectField label="Old key stops working" name="oldKeyEnds" defaultValue="on_first_use">
                  {CHOICES.map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </SelectField>
                <p className="text-sm text-slate-600">
                  Until then both keys work, and the old key's row shows whether something still uses it.
                </p>
              </>
            )}
            <FormAlert message={rotate.error} />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={rotate.pending}>
                Rotate
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <RevealKeyDialog
        token={token}
        onDone={() => {
          setToken(null);
          router.refresh();
        }}
        returnFocus={() => focusAfter?.() ?? control.returnFocus?.current ?? trigger.current}
      />
    </>
  );
}
