import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@latchkey/domain/db/client";
import { HealthFixButton } from "@/components/api-keys/health-fix-button";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader, NotAllowed } from "@/components/ui/card";
import { FINDING_LABELS, keyHealth } from "@latchkey/domain/keys";
import { publicOrigin } from "@latchkey/domain/public-origin";
import { can } from "@latchkey/domain/policy";
import { requireAccount } from "@/app/_server/session";
import { fixKeyHealthAction } from "./actions";

export const metadata: Metadata = { title: "Key health" };

const KIND = { user: "User key", service: "Service key", legacy: "Legacy key" } as const;

export default async function KeyHealthPage() {
  const { account, actor } = await requireAccount();
  if (!can(account.role, "account_keys.read"))
    return <NotAllowed title="Key health">Only owners and admins see the key health report.</NotAllowed>;
  const findings = await keyHealth(db, actor);
  const keys = new Set(findings.map((f) => f.keyId)).size;
  return (
    <>
      <PageHeader
        title="Key health"
        description={`What makes the working keys of ${account.name} risky, and the narrowest fix for each. Usage counts cover the last 30 days.`}
      />
      <Card
        title={
          findings.length
            ? `${findings.length} ${findings.length === 1 ? "finding" : "findings"} on ${keys} ${keys === 1 ? "key" : "keys"}`
            : "Findings"
        }
        description="Each fix goes through the same checks and audit log as doing it by hand."
      >
        {findings.length === 0 ? (
          <EmptyState title="Every key looks healthy">
            No leaked, unused, everlasting, old or over-privileged keys in this account.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Findings">
            {findings.map((f) => (
              <li
                key={`${f.keyId}-${f.finding}`}
                className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between"
              >
                <div className="min-w-0 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/settings/api-keys/${f.keyId}`}
                      className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                    >
                      {f.keyName}
                    </Link>
                    <span className="text-xs text-slate-500">{KIND[f.kind]}</span>
                    <Badge tone={f.finding === "leaked_active" ? "red" : "amber"}>{FINDING_LABELS[f.finding]}</Badge>
                  </div>
                  <p className="text-sm text-slate-700">{f.detail}</p>
                  <p className="text-sm text-slate-600">{f.suggestion}</p>
                </div>
                <div className="shrink-0">
                  {f.fix ? (
                    <HealthFixButton
                      keyId={f.keyId}
                      keyName={f.keyName}
                      finding={f.finding}
                      fix={f.fix}
                      action={fixKeyHealthAction}
                      usage={{ origin: publicOrigin(), accountId: f.kind === "user" ? account.id : null }}
                    />
                  ) : f.kind === "user" ? (
                    <span className="text-xs text-slate-500">Its owner can fix this</span>
                  ) : (
                    <Link
                      href={`/settings/api-keys/${f.keyId}`}
                      className="text-sm font-medium text-brand-700 hover:underline"
                      aria-label={`Open key ${f.keyName}`}
                    >
                      Open key
                    </Link>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
