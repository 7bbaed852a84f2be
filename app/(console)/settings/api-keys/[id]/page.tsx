import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@latchkey/domain/db/client";
import { KeyDetailActions, RotateNow } from "@/components/api-keys/key-detail-actions";
import { toKeyRowData } from "@/components/api-keys/key-row-data";
import type { KeyActions } from "@/components/api-keys/key-table";
import { UsageChart } from "@/components/api-keys/usage-chart";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { keyUsage } from "@latchkey/domain/key-usage";
import { UUID_PATTERN } from "@latchkey/domain/api-auth";
import { expiryLabel, formatDate, formatDateTime } from "@latchkey/domain/format";
import { getKeyForViewer, keyActingRole, keyDailyUsage, keyLimits } from "@latchkey/domain/keys";
import {
  ACCESS_LEVEL_WORDS,
  canChangeKey,
  canRotateKey,
  effectiveAccess,
  keyOwnRole,
  RESOURCES,
  ROLE_LABELS,
} from "@latchkey/domain/policy";
import { requireSession } from "@/app/_server/session";
import {
  deleteAccountKeyAction,
  rotateAccountKeyAction,
  setServiceKeyStatusAction,
  updateServiceKeyAction,
} from "../../account/api-keys/actions";
import {
  deleteUserKeyAction,
  rotateUserKeyAction,
  setUserKeyStatusAction,
  updateUserKeyAction,
} from "../../user/actions";

export const metadata: Metadata = { title: "API key" };

const KIND_LABELS = { user: "User API key", service: "Service API key", legacy: "Legacy account key" } as const;
const LEAK_LABELS = { none: "Do nothing", disable: "Disable the key", delete: "Delete the key" } as const;

export default async function KeyDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requireSession();
  const { id } = await params;
  // Someone else's key, or a deleted one, is simply not found.
  const found = UUID_PATTERN.test(id) ? await getKeyForViewer(db, user.id, id) : null;
  if (!found) notFound();
  const { key, accountName } = found;
  // Counts are aggregated in memory; write them out so the chart is current.
  await keyUsage.flush();
  const usage = await keyDailyUsage(db, key.id);
  const seen = keyUsage.lastSeen(key.id);
  const lastAt = seen?.at ?? key.lastUsedAt?.getTime() ?? null;
  const expired = !!key.expiresAt && key.expiresAt.getTime() <= Date.now();
  const back = found.own
    ? { href: "/settings/user", label: "User settings" }
    : { href: "/settings/account/api-keys", label: "Account API keys" };
  // The same actions as the key's row, from the same server actions (each decides on the server again).
  const row = toKeyRowData(key, {
    accountName,
    // The same answer as the key lists': service and legacy keys by owners and admins, a user key by its owner.
    canEdit: canChangeKey(key, { userId: user.id, role: found.role }).ok,
    canDelete: found.own || found.admin,
    canRotate: canRotateKey(key, { userId: user.id, role: found.role }).ok,
    lastSeen: seen,
    maxLifetimeDays: found.maxLifetimeDays,
  });
  const actions: KeyActions = found.own
    ? {
        update: updateUserKeyAction,
        rotate: rotateUserKeyAction,
        setStatus: setUserKeyStatusAction,
        remove: deleteUserKeyAction,
      }
    : {
        update: updateServiceKeyAction,
        rotate: rotateAccountKeyAction,
        setStatus: setServiceKeyStatusAction,
        remove: deleteAccountKeyAction,
      };
  const limits = keyLimits(key);
  const actingRole = await keyActingRole(db, key);
  const access = actingRole ? effectiveAccess(actingRole, limits.permissions) : null;
  const facts: [string, React.ReactNode][] = [
    ["Kind", KIND_LABELS[key.kind]],
    [
      "Key",
      <code key="hint" className="font-mono text-xs">
        {key.hint}
      </code>,
    ],
    ["Account", accountName],
    [
      "Role",
      key.kind === "user" ? "The owner's role in the account named by each request" : ROLE_LABELS[keyOwnRole(key)!],
    ],
    ["Created", formatDate(key.createdAt)],
    ["Last used", lastAt ? `${formatDateTime(lastAt)} from ${seen?.ip ?? key.lastUsedIp}` : "Never"],
    ["Expiry", key.expiresAt ? `${expiryLabel(key.expiresAt)} (${formatDate(key.expiresAt)})` : "Never expires"],
    ["If leaked", LEAK_LABELS[key.leakAction]],
    [
      "Access",
      actingRole ? (
        <span key="access">
          {RESOURCES.map((r) => `${r}: ${ACCESS_LEVEL_WORDS[access![r]]}`).join(" · ")}
          <span className="block text-xs text-slate-500">
            {limits.permissions ? "Restricted: the lower of the key's permissions and its role." : "Inherits its role."}
          </span>
        </span>
      ) : (
        "None: its owner is no longer a member of the account"
      ),
    ],
    [
      "Rate limit",
      limits.rateLimit
        ? `${limits.rateLimit.limit.toLocaleString("en-US")} requests per ${limits.rateLimit.windowSeconds} s`
        : "No limit",
    ],
    [
      "Allowed IPs",
      limits.allowedIps ? (
        <span key="ips" className="font-mono text-xs">
          {limits.allowedIps.join(", ")}
        </span>
      ) : (
        "Any address"
      ),
    ],
  ];
  return (
    <>
      <Link href={back.href} className="text-sm font-medium text-brand-700 hover:underline">
        ← {back.label}
      </Link>
      <div className="mt-3">
        <PageHeader title={key.name} description={key.description ?? undefined} />
      </div>
      <div className="space-y-6">
        <KeyDetailActions row={row} actions={actions} backHref={back.href} />
        <div className="flex flex-wrap gap-2">
          {key.kind === "legacy" && <Badge tone="violet">Legacy</Badge>}
          {row.rotating && <Badge tone="amber">Rotating until {row.rotating.until}</Badge>}
          {key.status === "disabled" ? (
            <Badge tone="gray">Disabled</Badge>
          ) : expired ? (
            <Badge tone="red">Expired</Badge>
          ) : (
            <Badge tone="green">Active</Badge>
          )}
          {key.leakedAt && <Badge tone="amber">Leaked {formatDate(key.leakedAt)}</Badge>}
        </div>
        {key.leakedAt && (
          <div
            role="status"
            className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          >
            This key was reported as leaked on {formatDateTime(key.leakedAt)}
            {row.leakedUrl && (
              <>
                {" "}
                at <span className="break-all font-mono text-xs">{row.leakedUrl}</span>
              </>
            )}
            .{" "}
            {row.canRotate && actions.rotate ? (
              <span className="inline-flex flex-wrap items-center gap-2">
                {key.status === "disabled"
                  ? "It was disabled. Rotate it: a new key replaces it, and this one stays disabled."
                  : "Rotate it: a new key replaces it, and this one stops when you say."}
                <RotateNow row={row} action={actions.rotate} />
              </span>
            ) : (
              "Replace it with a new key and delete this one."
            )}
          </div>
        )}
        <Card title="Details">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="font-medium text-slate-500">{label}</dt>
                <dd className="text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Usage" description="Accepted requests per day.">
          <UsageChart days={usage} />
        </Card>
      </div>
    </>
  );
}
