"use client";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { UsageSnippets } from "./usage-snippets";

/**
 * Shows a new token once. The parent drops the token from its state when this closes, so after
 * Done it exists only where the user copied it.
 */
export function RevealKeyDialog({ token, onDone, usage }: { token: string | null; onDone: () => void; usage?: { origin: string; accountId: string | null } }) {
  return (
    <Dialog open={token !== null} onOpenChange={(open) => !open && onDone()}>
      {token && (
        <DialogContent
          title="Copy your API key"
          description="Make sure to copy it now. It won't be shown again."
          size="lg"
          onInteractOutside={(e) => e.preventDefault()}
        >
          <CopyField
            id="new-api-key"
            label="API key"
            value={token}
            hint={
              <>
                Use it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Latchkey keeps only a hash of it.
              </>
            }
          />
          {usage && <UsageSnippets origin={usage.origin} token={token} accountId={usage.accountId} />}
          <DialogFooter>
            <Button onClick={onDone}>Done</Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
