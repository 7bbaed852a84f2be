"use client";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";

/**
 * Shows a new token once. The parent drops the token from its state when this closes, so after
 * Done it exists only where the user copied it.
 */
export function RevealKeyDialog({ token, onDone }: { token: string | null; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Dialog open={token !== null} onOpenChange={(open) => !open && onDone()}>
      {token && (
        <DialogContent
          title="Copy your API key"
          description="Make sure to copy it now. It won't be shown again."
          size="lg"
          onInteractOutside={(e) => e.preventDefault()}
        >
          <div className="space-y-1.5">
            <label htmlFor="new-api-key" className="block text-sm font-medium text-slate-800">
              API key
            </label>
            <div className="flex gap-2">
              <input
                id="new-api-key"
                ref={input}
                readOnly
                value={token}
                autoComplete="off"
                spellCheck={false}
                onFocus={(e) => e.currentTarget.select()}
                className="block w-full rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
              />
              <CopyButton value={token} fallbackSelect={() => input.current} />
            </div>
            <p className="text-xs text-slate-500">Use it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Latchkey keeps only a hash of it.</p>
          </div>
          <DialogFooter>
            <Button onClick={onDone}>Done</Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
