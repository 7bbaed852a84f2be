import { db } from "@/db/client";
import { json, withApiKey } from "@/lib/api";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit";
import { PublicError } from "@/lib/errors";
import { fieldErrors } from "@/lib/validation";

/** Newest first; pass `nextCursor` back as `cursor` for older events. Filters: `action`, `actor` (name). */
export const GET = withApiKey("audit_log.read", ({ req, principal }) => {
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new PublicError("validation_failed", "Invalid query parameters.", fieldErrors(parsed.error));
  return json(listAuditEvents(db, principal.accountId, parsed.data));
});
