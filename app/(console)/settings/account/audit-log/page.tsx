import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@latchkey/domain/db/client";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader, NotAllowed } from "@/components/ui/card";
import { selectClass } from "@/components/ui/field";
import { AutoSubmitForm } from "@/components/ui/auto-submit-form";
import { auditFacets, auditQuerySchema, listAuditEvents } from "@latchkey/domain/audit";
import { auditActionLabel, auditSentence } from "@latchkey/domain/audit-labels";
import { formatDateTime } from "@latchkey/domain/format";
import { can } from "@latchkey/domain/policy";
import { requireAccount } from "@/app/_server/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { account, actor } = await requireAccount();
  if (!can(account.role, "audit_log.read"))
    return <NotAllowed title="Audit log">Only owners and admins can read the audit log.</NotAllowed>;
  const params = await searchParams;
  // The filter form sends its empty fields too: an empty field means no filter.
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(Object.entries(params).filter(([, v]) => v)));
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const { events, nextCursor } = await listAuditEvents(db, actor, query);
  const facets = await auditFacets(db, actor);
  const filterQs = new URLSearchParams(
    Object.entries({ action: query.action, actor: query.actor, from: query.from, to: query.to }).filter(
      ([, v]) => v,
    ) as [string, string][],
  );
  const olderQs = new URLSearchParams(filterQs);
  if (nextCursor) olderQs.set("cursor", String(nextCursor));

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Everything that changed keys, members and settings of ${account.name}, newest first.`}
      />
      <Card
        title="Events"
        actions={
          <a href={`/settings/account/audit-log/export?${filterQs}`} className={buttonClass("secondary")} download>
            Download CSV
          </a>
        }
      >
        <AutoSubmitForm method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter events">
          <label className="text-sm font-medium text-slate-700">
            <span className="mb-1 block">Action</span>
            <select name="action" defaultValue={query.action ?? ""} className={selectClass}>
              <option value="">All actions</option>
              {facets.actions.map((a) => (
                <option key={a} value={a}>
                  {auditActionLabel(a)}
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
          <label className="text-sm font-medium text-slate-700">
            <span className="mb-1 block">From</span>
            <input type="date" name="from" defaultValue={query.from ?? ""} className={selectClass} />
          </label>
          <label className="text-sm font-medium text-slate-700">
            <span className="mb-1 block">To</span>
            <input type="date" name="to" defaultValue={query.to ?? ""} className={selectClass} />
          </label>
          <button type="submit" className={buttonClass("secondary")}>
            Filter
          </button>
          {filterQs.size > 0 && (
            <Link href="/settings/account/audit-log" className="text-sm font-medium text-brand-700 hover:underline">
              Clear
            </Link>
          )}
        </AutoSubmitForm>
        {events.length ? (
          <ol className="-mx-5 divide-y divide-slate-100 border-t border-slate-100">
            {events.map((e) => (
              <li key={e.id} className="px-5 py-3" data-event-id={e.id}>
                <p className="text-sm text-slate-900">{auditSentence(e)}</p>
                <p className="mt-0.5 text-xs text-slate-600">
                  <time dateTime={e.createdAt}>{formatDateTime(new Date(e.createdAt))}</time>
                  {e.ip && <> · from {e.ip}</>}
                  {e.actor.type !== "user" && (
                    <>
                      {" "}
                      · by{" "}
                      {e.actor.type === "key"
                        ? "an API key"
                        : e.actor.type === "system"
                          ? "Latchkey"
                          : "an outside report"}
                    </>
                  )}
                </p>
                <details className="mt-1 text-xs">
                  <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Raw event</summary>
                  <pre className="mt-1 whitespace-pre-wrap wrap-anywhere rounded bg-slate-50 p-2 font-mono text-[11px] leading-relaxed text-slate-800">
                    {JSON.stringify(e, null, 2)}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
        ) : (
          <EmptyState title="No events match" />
        )}
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {query.cursor ? (
            <Link
              href={`/settings/account/audit-log?${filterQs}`}
              className="font-medium text-brand-700 hover:underline"
            >
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor && (
            <Link
              href={`/settings/account/audit-log?${olderQs}`}
              className="font-medium text-brand-700 hover:underline"
            >
              Older events →
            </Link>
          )}
        </nav>
      </Card>
    </>
  );
}
