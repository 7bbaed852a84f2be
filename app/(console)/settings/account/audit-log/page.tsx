import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/db/client";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { selectClass } from "@/components/ui/field";
import { Table, Th } from "@/components/ui/table";
import { auditFacets, auditQuerySchema, listAuditEvents } from "@/lib/audit";
import { formatDateTime } from "@/lib/format";
import { can } from "@/lib/policy";
import { requireAccount } from "@/lib/server/session";

export const metadata: Metadata = { title: "Audit log" };

function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { account, actor } = await requireAccount();
  if (!can(account.role, "audit_log.read"))
    return (
      <>
        <PageHeader title="Audit log" />
        <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Only owners and admins can read the audit log.
        </div>
      </>
    );
  const params = await searchParams;
  const parsed = auditQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const { events, nextCursor } = listAuditEvents(db, actor, query);
  const facets = auditFacets(db, actor);
  const filterQs = new URLSearchParams(Object.entries({ action: query.action, actor: query.actor }).filter(([, v]) => v) as [string, string][]);
  const olderQs = new URLSearchParams(filterQs);
  if (nextCursor) olderQs.set("cursor", String(nextCursor));

  return (
    <>
      <PageHeader title="Audit log" description={`Everything that changed keys, members and settings of ${account.name}, newest first.`} />
      <Card
        title="Events"
        actions={
          <a href={`/settings/account/audit-log/export?${filterQs}`} className={buttonClass("secondary")} download>
            Download CSV
          </a>
        }
      >
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter events">
          <label className="text-sm font-medium text-slate-700">
            <span className="mb-1 block">Action</span>
            <select name="action" defaultValue={query.action ?? ""} className={selectClass}>
              <option value="">All actions</option>
              {facets.actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium text-slate-700">
            <span className="mb-1 block">Actor</span>
            <select name="actor" defaultValue={query.actor ?? ""} className={selectClass}>
              <option value="">Everyone</option>
              {facets.actors.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={buttonClass("secondary")}>
            Filter
          </button>
          {(query.action || query.actor) && (
            <Link href="/settings/account/audit-log" className="text-sm font-medium text-brand-700 hover:underline">
              Clear
            </Link>
          )}
        </form>
        {events.length ? (
          <Table
            head={
              <>
                <Th edge>Time</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th edge>IP</Th>
              </>
            }
          >
            {events.map((e) => (
              <tr key={e.id} className="align-top" data-event-id={e.id}>
                <td className="whitespace-nowrap px-5 py-2.5 text-slate-600">{formatDateTime(new Date(e.createdAt))}</td>
                <td className="px-3 py-2.5 text-slate-800">
                  {e.actor.name}
                  {e.actor.type !== "user" && <span className="ml-1 text-xs text-slate-500">({e.actor.type})</span>}
                </td>
                <td className="px-3 py-2.5">
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{e.action}</code>
                  {Object.keys(e.details).length > 0 && <div className="mt-1 max-w-md text-xs text-slate-500">{describe(e.details)}</div>}
                </td>
                <td className="px-3 py-2.5 text-slate-700">{e.target?.name ?? "—"}</td>
                <td className="whitespace-nowrap px-5 py-2.5 font-mono text-xs text-slate-500">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <EmptyState title="No events match" />
        )}
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {query.cursor ? (
            <Link href={`/settings/account/audit-log?${filterQs}`} className="font-medium text-brand-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor && (
            <Link href={`/settings/account/audit-log?${olderQs}`} className="font-medium text-brand-700 hover:underline">
              Older events →
            </Link>
          )}
        </nav>
      </Card>
    </>
  );
}
