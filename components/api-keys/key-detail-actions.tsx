"use client";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { DeleteKeyDialog } from "./delete-key-dialog";
import { EditKeyDialog } from "./edit-key-dialog";
import type { KeyActions } from "./key-table";
import { StatusToggle } from "./key-status-toggle";
import { RotateKeyDialog } from "./rotate-key-dialog";
import type { KeyRowData } from "./types";

/** The key page's actions: the same dialogs, and the same server-side rules, as the key's row, shown inline. */
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
  const group = useRef<HTMLDivElement>(null);
  // Once rotated the key cannot be rotated again and its Rotate button goes: focus the first other action.
  const afterRotate = () =>
    Array.from(group.current?.querySelectorAll("button") ?? []).find(
      (b) => !b.getAttribute("aria-label")?.startsWith("Rotate"),
    ) ?? group.current;
  return (
    <div
      ref={group}
      role="group"
      aria-label="Key actions"
      tabIndex={-1}
      className="flex flex-wrap items-center gap-1 rounded-lg border border-slate-200 bg-white p-1.5 shadow-sm focus:outline-none"
    >
      {row.canEdit && actions.update && <EditKeyDialog row={row} action={actions.update} />}
      {row.canRotate && actions.rotate && (
        <RotateKeyDialog
          keyId={row.id}
          name={row.name}
          action={actions.rotate}
          oldKeyDisabled={row.status === "disabled"}
          focusAfter={afterRotate}
        />
      )}
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

/** A leaked key's **Rotate now**, in the page's leak notice; once rotated, focus goes to the key's actions. */
export function RotateNow({ row, action }: { row: KeyRowData; action: NonNullable<KeyActions["rotate"]> }) {
  return (
    <RotateKeyDialog
      keyId={row.id}
      name={row.name}
      action={action}
      label="Rotate now"
      ariaLabel="Rotate now"
      oldKeyDisabled={row.status === "disabled"}
      focusAfter={() => document.querySelector<HTMLElement>('[role="group"][aria-label="Key actions"]')}
    />
  );
}
