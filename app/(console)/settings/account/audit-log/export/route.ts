import { db } from "@/db/client";
import { allAuditEvents, auditCsv, auditQuerySchema } from "@/lib/audit";
import { can } from "@/lib/policy";
import { getSession } from "@/lib/session";

/** CSV of the audit log with the page's filters. Owners and admins only, decided here. */
export async function GET(req: Request) {
  const session = await getSession();
  if (!session?.account) return new Response("Sign in first.", { status: 401 });
  if (!can(session.account.role, "audit_log.read")) return new Response("Only owners and admins can read the audit log.", { status: 403 });
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  const filters = parsed.success ? { action: parsed.data.action, actor: parsed.data.actor } : {};
  const csv = auditCsv(allAuditEvents(db, session.account.id, filters));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="latchkey-audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
