"use client";
import Link from "next/link";
import { useCallback, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import type { ActionResult } from "@latchkey/domain/action-result";
import { roleLabel } from "@latchkey/domain/policy";
import { describeLimits } from "./limits-summary";
import { KeyRowActions } from "./key-row-actions";
import type { SetStatusAction } from "./key-status-toggle";
import type { RotateAction } from "./rotate-key-dialog";
import type { KeyRowData } from "./types";

export { StatusToggle } from "./key-status-toggle";

export interface KeyActions {
  update?: (input: FormData) => Promise<ActionResult<unknown>>;
  rotate?: RotateAction;
  setStatus?: SetStatusAction;
  remove: (input: { keyId: string }) => Promise<ActionResult<unknown>>;
}

function StatusBadges({ row }: { row: KeyRowData }) {
  return (
    <div className="flex flex-wrap items-start gap-1">
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
        <span className="block w-full max-w-[11rem] truncate text-xs text-amber-800" title={row.leakedUrl}>
          at {row.leakedUrl}
        </span>
      )}
      {row.rotating && (
        <span className="block w-full max-w-[11rem] text-xs text-amber-800">
          Until {row.rotating.until}.{" "}
          {row.rotating.usedSince
            ? `Still used ${row.rotating.usedSince.at}${row.rotating.usedSince.ip ? ` from ${row.rotating.usedSince.ip}` : ""}.`
            : "Not used since the rotation."}
        </span>
      )}
    </div>
  );
}

// Below the sm breakpoint each row is a stacked card (name and actions on top, then status and the rest), so
// nothing hides behind a sideways scroll on a phone; from sm up it is a table whose name column takes what the
// others leave and truncates.
const cell = "max-sm:col-start-1 max-sm:block max-sm:px-4 max-sm:py-0.5";

export function KeyTable({
  rows,
  actions,
  columns = {},
}: {
  rows: KeyRowData[];
  actions: KeyActions;
  columns?: { account?: boolean; owner?: boolean; role?: boolean; creator?: boolean };
}) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const table = useRef<HTMLDivElement>(null);
  // After a delete: the next row's actions button, else the previous row's, else the card's own button (create),
  // else the page's main region; never the page body.
  const focusAfterDelete = useCallback(
    (id: string) => () => {
      const i = rows.findIndex((r) => r.id === id);
      for (const other of [rows[i + 1], rows[i - 1]]) {
        const el = other && buttons.current.get(other.id);
        if (el?.isConnected) return el;
      }
      const card = table.current?.closest("section");
      const create = card?.querySelector<HTMLElement>("header button:not([disabled])");
      return create ?? document.getElementById("main");
    },
    [rows],
  );
  return (
    <div ref={table} className="relative -mx-5 overflow-x-auto">
      <table className="w-full text-sm max-sm:block">
        <thead className="max-sm:hidden">
          <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <th scope="col" className="px-5 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Key
            </th>
            {columns.owner && (
              <th scope="col" className="px-3 py-2 font-medium">
                Owner
              </th>
            )}
            {columns.role && (
              <th scope="col" className="px-3 py-2 font-medium">
                Role
              </th>
            )}
            <th scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
              Last used
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="w-px px-5 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-sm:block">
          {rows.map((row) => {
            const limits = describeLimits(row.limits);
            return (
              <tr key={row.id} className="align-top max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:py-2">
                <td
                  className={`w-full min-w-52 max-w-0 px-5 py-3 ${cell} max-sm:min-w-0 max-sm:max-w-none max-sm:pt-1`}
                >
                  <Link
                    href={`/settings/api-keys/${row.id}`}
                    title={row.name}
                    className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline"
                  >
                    {row.name}
                  </Link>
                  {row.description && (
                    <div className="truncate text-slate-500" title={row.description}>
                      {row.description}
                    </div>
                  )}
                  {limits && (
                    <div className="mt-0.5 truncate text-xs text-violet-700" title={limits}>
                      {limits}
                    </div>
                  )}
                  <div className="mt-0.5 truncate text-xs text-slate-500">
                    Created {row.createdAt}
                    {columns.account && row.accountName && <> in {row.accountName}</>}
                    {columns.creator && row.creatorName && <> by {row.creatorName}</>}
                  </div>
                </td>
                <td className={`whitespace-nowrap px-3 py-3 font-mono text-xs text-slate-700 ${cell} max-sm:order-3`}>
                  <span className="sm:hidden font-sans text-slate-500">Key </span>
                  {row.hint}
                </td>
                {columns.owner && (
                  <td className={`px-3 py-3 text-slate-700 ${cell} max-sm:order-4 max-sm:text-xs`}>
                    <span className="sm:hidden text-slate-500">Owner </span>
                    <span
                      className="inline-block max-w-[9rem] truncate align-top max-sm:max-w-full"
                      title={row.ownerName ?? undefined}
                    >
                      {row.ownerName ?? "—"}
                    </span>
                  </td>
                )}
                {columns.role && (
                  <td className={`whitespace-nowrap px-3 py-3 text-slate-700 ${cell} max-sm:order-4 max-sm:text-xs`}>
                    <span className="sm:hidden text-slate-500">Role </span>
                    {row.role ? roleLabel(row.role) : "Owner's role"}
                  </td>
                )}
                <td className={`whitespace-nowrap px-3 py-3 text-slate-600 ${cell} max-sm:order-5 max-sm:text-xs`}>
                  {row.lastUsedAt ? (
                    <>
                      <span className="sm:hidden text-slate-500">Last used </span>
                      <span className="text-xs">{row.lastUsedAt}</span>
                      <span
                        title={row.lastUsedIp ?? undefined}
                        className="block max-w-[9rem] truncate text-xs text-slate-500 max-sm:max-w-full"
                      >
                        {row.lastUsedIp}
                      </span>
                    </>
                  ) : (
                    <span className="text-xs text-slate-500">Never used</span>
                  )}
                </td>
                <td className={`px-3 py-3 ${cell} max-sm:order-2 max-sm:py-1`}>
                  <div className="w-max max-w-[11rem] max-sm:w-auto max-sm:max-w-none">
                    <StatusBadges row={row} />
                    {!row.rotating && (
                      <div
                        className={`mt-1 whitespace-nowrap text-xs ${row.expired ? "text-red-700" : "text-slate-500"}`}
                      >
                        {row.expiresLabel === "Never" ? "Never expires" : row.expiresLabel}
                      </div>
                    )}
                  </div>
                </td>
                <td className="w-px whitespace-nowrap px-5 py-2.5 text-right max-sm:col-start-2 max-sm:row-start-1 max-sm:block max-sm:w-auto max-sm:px-3 max-sm:py-0">
                  <KeyRowActions
                    row={row}
                    actions={actions}
                    buttonRef={(el) => {
                      if (el) buttons.current.set(row.id, el);
                      else buttons.current.delete(row.id);
                    }}
                    focusAfterDelete={focusAfterDelete(row.id)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
