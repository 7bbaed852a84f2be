import { db } from "@latchkey/domain/db/client";
import { allAuditEvents, auditCsv, auditQuerySchema } from "@latchkey/domain/audit";
import { PublicError } from "@latchkey/domain/errors";
import { actorFromSession, getSession } from "@/app/_server/session";

/** CSV of the audit log with the page's filters. Owners and admins only, decided by lib/audit. */
export async function GET(req: Request) {
  const session = await getSession();
  if (!session?.account) return new Response("Sign in first.", { status: 401 });
  const parsed = auditQuerySchema.safeParse(
    Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v)),
  );
  const filters = parsed.success
    ? { action: parsed.data.action, actor: parsed.data.actor, from: parsed.data.from, to: parsed.data.to }
    : {};
  let events;
  try {
    events = await allAuditEvents(db, actorFromSession({ ...session, account: session.account }), filters);
  } catch (error) {
    if (error instanceof PublicError) return new Response(error.message, { status: error.status });
    throw error;
  }
  const csv = auditCsv(events);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="latchkey-audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
