// Leak reports (docs/concepts.md#leaks, docs/api.md#leak-reports): anyone may report tokens. Mis-checksummed ones are
// answered without a database look-up; real keys get their leak action, an audit event and notifications, all in one
// transaction. The answer never says more than true or false positive.
import { first } from "@/db/query";
import { transaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import type { DB } from "@/db/connection";
import { keyTarget, recordAudit } from "./audit";
import { accountAdminIds, notify } from "./notifications";
import { hashToken, parseToken, redactLeakedUrl, safeHint } from "./tokens";

export const MAX_TOKENS_PER_REPORT = 100;

export const leakReportSchema = z
  .array(
    z.strictObject({
      token: z.string().max(200, { error: "Tokens are at most 200 characters." }),
      // Where the token was found, kept for the key's owner once reportLeak has removed every token from
      // it (a report's URL often carries the token itself, e.g. ?api_key=…).
      url: z.string().trim().max(2048).optional(),
    }),
    { error: "Send an array of {token, url}." },
  )
  .min(1, { error: "Send at least one token." })
  .max(MAX_TOKENS_PER_REPORT, { error: `Send at most ${MAX_TOKENS_PER_REPORT} tokens per request.` });

export type LeakVerdict = { token_hint: string; label: "true_positive" | "false_positive" };

export async function reportLeaks(
  db: DB,
  reports: z.output<typeof leakReportSchema>,
  ip: string | null,
  now = new Date(),
): Promise<LeakVerdict[]> {
  const verdicts: LeakVerdict[] = [];
  for (const { token, url } of reports) verdicts.push(await reportLeak(db, token, url, ip, now));
  return verdicts;
}

async function reportLeak(
  db: DB,
  token: string,
  reportedUrl: string | undefined,
  ip: string | null,
  now: Date,
): Promise<LeakVerdict> {
  const verdict: LeakVerdict = { token_hint: safeHint(token), label: "false_positive" };
  if (!parseToken(token).ok) return verdict;
  const handled = await transaction(db, async (tx) => {
    const key = await first(
      tx
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.tokenHash, hashToken(token))),
    );
    if (!key) return false;
    // The one value of the URL that is stored (leaked_url), audited and notified: every token removed in
    // any encoding, or only the origin where that cannot be decided (docs/security.md#leak-report-urls).
    // Worked out only for a real key, so made-up reports cost no decoding.
    const url = reportedUrl === undefined ? null : redactLeakedUrl(reportedUrl);
    const where = and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, key.accountId));
    if (key.leakAction === "delete") await tx.delete(apiKeys).where(where);
    else
      await tx
        .update(apiKeys)
        .set({
          leakedAt: now,
          leakedUrl: url,
          ...(key.leakAction === "disable" ? { status: "disabled" as const } : {}),
        })
        .where(where);
    const applied =
      key.leakAction === "delete" ? "deleted" : key.leakAction === "disable" ? "disabled" : "kept working";
    await recordAudit(tx, {
      accountId: key.accountId,
      actor: { type: "anonymous", name: "Leak report" },
      action: "api_key.leaked",
      target: keyTarget(key),
      details: { kind: key.kind, hint: key.hint, url, leakAction: key.leakAction },
      ip,
    });
    // A deleted key has no page left; its story is in the audit log.
    const link = key.leakAction === "delete" ? "/settings/account/audit-log" : `/settings/api-keys/${key.id}`;
    await notify(
      tx,
      [key.ownerUserId, ...(await accountAdminIds(tx, key.accountId))],
      {
        kind: "api_key.leaked",
        message: `API key “${key.name}” (${key.hint}) was reported as leaked${url ? ` at ${url}` : ""}. It was ${applied}.`,
        link,
      },
      now,
    );
    return true;
  });
  if (handled) verdict.label = "true_positive";
  return verdict;
}
