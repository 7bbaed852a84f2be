"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { UsageSnippets } from "./usage-snippets";

/**
 * Shows a new token once. The parent drops the token from its state when this closes, so after Done it
 * exists only where the user copied it. Closing before a copy — Escape, a click outside or Done — asks
 * first: "Close without copying?". Focus then returns to `returnFocus` (the control that started it).
 */
export function RevealKeyDialog({
  token,
  onDone,
  usage,
  returnFocus,
}: {
  token: string | null;
  onDone: () => void;
  usage?: { origin: string; accountId: string | null };
  returnFocus?: () => HTMLElement | null;
}) {
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const keepOpen = useRef<HTMLButtonElement>(null);

  const close = () => {
    setCopied(false);
    setConfirming(false);
    onDone();
  };
  const requestClose = () => {
    if (copied) return close();
    setConfirming(true);
    // After React renders the question, put the safe choice under the keyboard.
    requestAnimationFrame(() => keepOpen.current?.focus());
  };

  return (
    <Dialog open={token !== null} onOpenChange={(open) => !open && requestClose()}>
      {token && (
        <DialogContent
          title="Copy your API key"
          description="Make sure to copy it now. It won't be shown again."
          size="lg"
          onEscapeKeyDown={(e) => {
            e.preventDefault();
            requestClose();
          }}
          onInteractOutside={(e) => {
            e.preventDefault();
            requestClose();
          }}
          onCloseAutoFocus={(e) => {
            const target = returnFocus?.();
            if (target) {
              e.preventDefault();
              target.focus();
            }
          }}
        >
          {/* A copy by keyboard or context menu counts as much as the Copy button. */}
          <div onCopy={() => setCopied(true)}>
            <CopyField
              id="new-api-key"
              label="API key"
              value={token}
              wrap
              onCopied={() => setCopied(true)}
              hint={
                <>
                  Use it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Latchkey keeps only a
                  hash of it.
                </>
              }
            />
            {usage && <UsageSnippets origin={usage.origin} token={token} accountId={usage.accountId} />}
          </div>
          {confirming ? (
            <div
              role="alert"
              className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
            >
              <p className="font-semibold">Close without copying?</p>
              <p className="mt-1">
                This key will not be shown again. If you close now, you will need to create another one.
              </p>
              <div className="mt-3 flex flex-wrap justify-end gap-2">
                <Button ref={keepOpen} variant="secondary" onClick={() => setConfirming(false)}>
                  Go back
                </Button>
                <Button variant="danger" onClick={close}>
                  Close without copying
                </Button>
              </div>
            </div>
          ) : (
            <DialogFooter>
              <Button onClick={requestClose}>Done</Button>
            </DialogFooter>
          )}
        </DialogContent>
      )}
    </Dialog>
  );
}
