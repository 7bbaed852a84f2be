"use client";
import { useRef, useState } from "react";
import { Menu, MenuButton, MenuContent, MenuItem, MenuSeparator } from "@/components/ui/menu";
import { DeleteKeyDialog } from "./delete-key-dialog";
import { EditKeyDialog } from "./edit-key-dialog";
import { LeakedEnableDialog, useStatusToggle } from "./key-status-toggle";
import type { KeyActions } from "./key-table";
import { RotateKeyDialog } from "./rotate-key-dialog";
import type { KeyRowData } from "./types";

type Open = null | "edit" | "rotate" | "delete";

/**
 * A row's actions folded into one menu button, **Actions for {name}**: its items keep the names the buttons had
 * (Edit API key {name}, …), each opening the same dialog as before. Focus comes back to the menu button when a
 * dialog closes; after a delete it goes to `focusAfterDelete` (the next row's menu button, say).
 */
export function KeyRowActions({
  row,
  actions,
  buttonRef,
  focusAfterDelete,
}: {
  row: KeyRowData;
  actions: KeyActions;
  buttonRef: (el: HTMLButtonElement | null) => void;
  focusAfterDelete: () => HTMLElement | null;
}) {
  const button = useRef<HTMLButtonElement | null>(null);
  const [open, setOpen] = useState<Open>(null);
  // Set when an item opens a dialog: the menu then leaves focus to the dialog instead of taking it back.
  const toDialog = useRef(false);
  const status = useStatusToggle(row, actions.setStatus);
  const canEdit = row.canEdit && !!actions.update;
  const canRotate = row.canRotate && !!actions.rotate;
  const canToggle = row.canEdit && !!actions.setStatus;
  if (!canEdit && !canRotate && !canToggle && !row.canDelete) return null;
  const openDialog = (which: Exclude<Open, null>) => {
    toDialog.current = true;
    setOpen(which);
  };
  const control = (which: Exclude<Open, null>) => ({
    open: open === which,
    onOpenChange: (o: boolean) => setOpen(o ? which : null),
    returnFocus: button,
  });
  return (
    <>
      <Menu modal={false}>
        <MenuButton
          ref={(el) => {
            button.current = el;
            buttonRef(el);
          }}
          label={`Actions for ${row.name}`}
          busy={status.toggle.pending}
        />
        <MenuContent
          onCloseAutoFocus={(event) => {
            if (toDialog.current) event.preventDefault();
            toDialog.current = false;
          }}
        >
          {canEdit && (
            <MenuItem label={`Edit API key ${row.name}`} onSelect={() => openDialog("edit")}>
              Edit
            </MenuItem>
          )}
          {canRotate && (
            <MenuItem label={`Rotate API key ${row.name}`} onSelect={() => openDialog("rotate")}>
              Rotate
            </MenuItem>
          )}
          {canToggle && (
            <MenuItem
              label={status.label}
              onSelect={() => {
                if (status.needsConfirmation) toDialog.current = true;
                status.start();
              }}
            >
              {status.verb}
            </MenuItem>
          )}
          {row.canDelete && (
            <>
              {(canEdit || canRotate || canToggle) && <MenuSeparator />}
              <MenuItem label={`Delete API key ${row.name}`} onSelect={() => openDialog("delete")} danger>
                Delete
              </MenuItem>
            </>
          )}
        </MenuContent>
      </Menu>
      {canEdit && <EditKeyDialog row={row} action={actions.update!} {...control("edit")} />}
      {canRotate && (
        <RotateKeyDialog
          keyId={row.id}
          name={row.name}
          action={actions.rotate!}
          oldKeyDisabled={row.status === "disabled"}
          {...control("rotate")}
        />
      )}
      {canToggle && status.needsConfirmation && <LeakedEnableDialog row={row} state={status} returnFocus={button} />}
      {row.canDelete && (
        <DeleteKeyDialog
          keyId={row.id}
          name={row.name}
          action={actions.remove}
          focusAfterDelete={focusAfterDelete}
          {...control("delete")}
        />
      )}
    </>
  );
}
