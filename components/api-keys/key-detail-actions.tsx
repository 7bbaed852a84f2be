"use client";
import { useRouter } from "next/navigation";
import { DeleteKeyDialog } from "./delete-key-dialog";
import { EditKeyDialog } from "./edit-key-dialog";
import type { KeyActions } from "./key-table";
import { StatusToggle } from "./key-table";
import { RotateKeyDialog } from "./rotate-key-dialog";
import type { KeyRowData } from "./types";

/** The key page's actions: the same dialogs, and the same server-side rules, as the key's row. */
export function KeyDetailActions({
  row,
  actions,
  backHref,
}: {
  row: KeyRowData;
  actions: KeyActions;
  backHref: string;
}) {
  const router = useRouter();
  return (
    <div
      role="group"
      aria-label="Key actions"
      className="flex flex-wrap items-center gap-1 rounded-lg border border-slate-200 bg-white p-1.5 shadow-sm"
    >
      {row.canEdit && actions.update && <EditKeyDialog row={row} action={actions.update} />}
      {row.canRotate && actions.rotate && <RotateKeyDialog keyId={row.id} name={row.name} action={actions.rotate} />}
      {row.canEdit && actions.setStatus && <StatusToggle row={row} action={actions.setStatus} />}
      {row.canDelete && (
        <DeleteKeyDialog
          keyId={row.id}
          name={row.name}
          action={actions.remove}
          onDeleted={() => router.push(backHref)}
        />
      )}
    </div>
  );
}
