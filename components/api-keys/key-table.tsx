"use client";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Badge } from "@/components/ui/badge";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { Table, Th } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { roleLabel } from "@latchkey/domain/policy";
import { DeleteKeyDialog } from "./delete-key-dialog";
import { describeLimits } from "./limits-summary";
import { EditKeyDialog } from "./edit-key-dialog";
import { RotateKeyDialog, type RotateAction } from "./rotate-key-dialog";
import type { KeyRowData } from "./types";

export interface KeyActions {
  update?: (input: FormData) => Promise<ActionResult<unknown>>;
  rotate?: RotateAction;
  setStatus?: (input: {
    keyId: string;
    status: "active" | "disabled";
    acknowledgeLeak?: boolean;
  }) => Promise<ActionResult<unknown>>;
  remove: (input: { keyId: string }) => Promise<ActionResult<unknown>>;
}

function StatusBadges({ row }: { row: KeyRowData }) {
  return (
    <div className="flex flex-wrap gap-1">
      {row.kind === "legacy" && <Badge tone="violet">Legacy</Badge>}
      {row.rotating ? (
        <Badge tone="amber" title={`Works until ${row.rotating.until}`}>
          Rotating
        </Badge>
      ) : row.status === "disabled" ? (
        <Badge tone="gray">Disabled</Badge>
      ) : row.expired ? (
        <Badge tone="red">Expired</Badge>
      ) : (
        <Badge tone="green">Active</Badge>
      )}
      {row.leakedAt && (
        <Badge tone="amber" title={row.leakedUrl ? `Reported at ${row.leakedUrl}` : undefined}>
          Leaked {row.leakedAt}
        </Badge>
      )}
      {row.leakedUrl && (
        <span className="block w-full max-w-[12rem] truncate text-xs text-amber-800" title={row.leakedUrl}>
          at {row.leakedUrl}
        </span>
      )}
      {row.rotating && (
        <span className="block w-full max-w-[14rem] text-xs text-amber-800">
          Until {row.rotating.until}.{" "}
          {row.rotating.usedSince
            ? `Still used ${row.rotating.usedSince.at}${row.rotating.usedSince.ip ? ` from ${row.rotating.usedSince.ip}` : ""}.`
            : "Not used since the rotation."}
        </span>
      )}
    </div>
  );
}

export function StatusToggle({ row, action }: { row: KeyRowData; action: NonNullable<KeyActions["setStatus"]> }) {
  const next = row.status === "active" ? "disabled" : "active";
  const [open, setOpen] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const toggle = useServerAction(action, {
    success: `API key “${row.name}” ${next === "active" ? "enabled" : "disabled"}`,
    onSuccess: () => setOpen(false),
    onError: (message) => toast.error(message),
  });
  const label = `${next === "active" ? "Enable" : "Disable"} API key ${row.name}`;
  // A leaked key is enabled again only after an explicit acknowledgement.
  if (next === "active" && row.leakedAt)
    return (
      <Dialog open={open} onOpenChange={(o) => (setOpen(o), setUnderstood(false), toggle.reset())}>
        <DialogTrigger asChild>
          <Button variant="ghost" size="sm" aria-label={label}>
            Enable
          </Button>
        </DialogTrigger>
        <DialogContent
          title={`Enable “${row.name}” again?`}
          description={`This key was reported as leaked on ${row.leakedAt}${row.leakedUrl ? ` at ${row.leakedUrl}` : ""}. Anyone who saw it can use it once it is enabled.`}
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
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={toggle.pending}
      aria-label={label}
      onClick={() => toggle.run({ keyId: row.id, status: next })}
    >
      {next === "active" ? "Enable" : "Disable"}
    </Button>
  );
}

export function KeyTable({
  rows,
  actions,
  columns = {},
}: {
  rows: KeyRowData[];
  actions: KeyActions;
  columns?: { account?: boolean; owner?: boolean; role?: boolean; creator?: boolean };
}) {
  return (
    <Table
      head={
        <>
          <Th edge>Name</Th>
          <Th>Key</Th>
          {columns.owner && <Th>Owner</Th>}
          {columns.role && <Th>Role</Th>}
          <Th>Last used</Th>
          <Th>Status</Th>
          <Th edge className="text-right">
            <span className="sr-only">Actions</span>
          </Th>
        </>
      }
    >
      {rows.map((row) => (
        <tr key={row.id} className="align-top">
          <td className="px-5 py-3">
            <Link
              href={`/settings/api-keys/${row.id}`}
              className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
            >
              {row.name}
            </Link>
            {row.description && (
              <div className="max-w-[14rem] truncate text-slate-500" title={row.description}>
                {row.description}
              </div>
            )}
            {describeLimits(row.limits) && (
              <div className="mt-0.5 max-w-[18rem] text-xs text-violet-700">{describeLimits(row.limits)}</div>
            )}
            <div className="mt-0.5 text-xs text-slate-500">
              Created {row.createdAt}
              {columns.account && row.accountName && <> in {row.accountName}</>}
              {columns.creator && row.creatorName && <> by {row.creatorName}</>}
            </div>
          </td>
          <td className="whitespace-nowrap px-3 py-3 font-mono text-xs text-slate-700">{row.hint}</td>
          {columns.owner && <td className="px-3 py-3 text-slate-700">{row.ownerName ?? "—"}</td>}
          {columns.role && (
            <td className="whitespace-nowrap px-3 py-3 text-slate-700">
              {row.role ? roleLabel(row.role) : "Owner's role"}
            </td>
          )}
          <td className="px-3 py-3 text-slate-600">
            {row.lastUsedAt ? (
              <>
                <div className="max-w-[8.5rem]">{row.lastUsedAt}</div>
                <div className="text-xs text-slate-500">{row.lastUsedIp}</div>
              </>
            ) : (
              <span className="text-slate-500">Never used</span>
            )}
          </td>
          <td className="px-3 py-3">
            <StatusBadges row={row} />
            {!row.rotating && (
              <div className={`mt-1 whitespace-nowrap text-xs ${row.expired ? "text-red-700" : "text-slate-500"}`}>
                {row.expiresLabel === "Never" ? "Never expires" : row.expiresLabel}
              </div>
            )}
          </td>
          <td className="whitespace-nowrap px-5 py-2.5 text-right">
            <div className="inline-flex items-center gap-0.5">
              {row.canEdit && actions.update && <EditKeyDialog row={row} action={actions.update} />}
              {row.canRotate && actions.rotate && (
                <RotateKeyDialog keyId={row.id} name={row.name} action={actions.rotate} />
              )}
              {row.canEdit && actions.setStatus && <StatusToggle row={row} action={actions.setStatus} />}
              {row.canDelete && <DeleteKeyDialog keyId={row.id} name={row.name} action={actions.remove} />}
            </div>
          </td>
        </tr>
      ))}
    </Table>
  );
}
