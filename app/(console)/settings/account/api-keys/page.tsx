import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@latchkey/domain/db/client";
import { CreateKeyDialog } from "@/components/api-keys/create-key-dialog";
import { toKeyRowData } from "@/components/api-keys/key-row-data";
import { KeyTable } from "@/components/api-keys/key-table";
import { ViewFilter } from "@/components/api-keys/view-filter";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getAccountForActor } from "@latchkey/domain/accounts";
import { keyUsage } from "@latchkey/domain/key-usage";
import { KEY_VIEWS, listAccountKeys, type KeyView } from "@latchkey/domain/keys";
import { can, canCreateServiceKey, canChangeKey, canRotateKey, ROLE_LABELS } from "@latchkey/domain/policy";
import { SERVICE_ROLES } from "@latchkey/domain/db/schema";
import { KeyListControls, KeyPager, NoKeysMatch } from "@/components/api-keys/key-list-controls";
import { browseKeys, parseKeyBrowse } from "@latchkey/domain/keys/browse";
import { publicOrigin } from "@latchkey/domain/public-origin";
import { requireAccount } from "@/app/_server/session";
import {
  deleteUserKeyAction,
  rotateUserKeyAction,
  setUserKeyStatusAction,
  updateUserKeyAction,
} from "../../user/actions";
import {
  createServiceKeyAction,
  deleteAccountKeyAction,
  rotateAccountKeyAction,
  setServiceKeyStatusAction,
  updateServiceKeyAction,
} from "./actions";

export const metadata: Metadata = { title: "API keys" };

const SERVICE_ROLE_CHOICES = SERVICE_ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));

export default async function AccountApiKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor } = await requireAccount();
  const { account, membership } = await getAccountForActor(db, actor);
  const admin = can(membership.role, "account_keys.manage");
  const params = await searchParams;
  const requested = typeof params.view === "string" ? params.view : undefined;
  const view: KeyView = admin
    ? KEY_VIEWS.includes(requested as KeyView)
      ? (requested as KeyView)
      : "service"
    : "mine";
  // The page mirrors the policy; createServiceKey asks it again on the server.
  const creation = canCreateServiceKey(membership.role, account.plan);
  const enterprise = account.plan === "enterprise";
  const list = browseKeys(
    await listAccountKeys(db, actor, view),
    (r) => r.key,
    parseKeyBrowse(params),
    (id) => keyUsage.lastSeen(id)?.at,
  );
  const rows = list.rows.map(({ key, ownerName, creatorName }) =>
    toKeyRowData(key, {
      ownerName,
      creatorName,
      // One answer with the API and the policy: service and legacy keys by owners and admins, a user key by its owner.
      canEdit: canChangeKey(key, { userId: actor.userId, role: membership.role }).ok,
      canDelete: true,
      canRotate: canRotateKey(key, { userId: actor.userId, role: membership.role }).ok,
      lastSeen: keyUsage.lastSeen(key.id),
      maxLifetimeDays: account.maxKeyLifetimeDays,
    }),
  );
  const legacy = rows.find((r) => r.kind === "legacy");
  const path = "/settings/account/api-keys";
  const keep = Object.fromEntries(
    Object.entries({ view: admin ? view : "", q: list.q, sort: list.sort === "created" ? "" : list.sort }).filter(
      ([, v]) => v,
    ),
  );
  const controls =
    list.unfiltered > 0 ? (
      <KeyListControls path={path} q={list.q} sort={list.sort} keep={admin ? { view } : {}} />
    ) : null;
  const pager = <KeyPager path={path} page={list.page} pages={list.pages} total={list.total} params={keep} />;
  const noMatch = list.unfiltered > 0 ? <NoKeysMatch /> : null;

  return (
    <>
      <PageHeader title="API keys" description={`Keys that can call the Latchkey API on behalf of ${account.name}.`} />
      <div className="space-y-6">
        {admin && (
          <div className="flex items-center justify-between gap-3">
            <ViewFilter view={view} />
          </div>
        )}

        {view === "service" && (
          <Card
            title="Service API keys"
            description="Keys that belong to the account, not to a person: they carry their own role and keep working when the member who made them leaves."
            actions={
              creation.ok ? (
                <CreateKeyDialog
                  triggerLabel="Create service API key"
                  action={createServiceKeyAction}
                  roles={SERVICE_ROLE_CHOICES}
                  usage={{ origin: publicOrigin(), accountId: null }}
                  maxLifetimeDays={account.maxKeyLifetimeDays}
                />
              ) : undefined
            }
          >
            {!enterprise && (
              <div
                role="note"
                className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-700"
              >
                Service API keys need the <strong>Enterprise</strong> plan.{" "}
                {can(membership.role, "account.own") ? (
                  <Link href="/settings/account/general" className="font-medium underline">
                    Change the plan
                  </Link>
                ) : (
                  "Ask an owner to upgrade the account."
                )}
              </div>
            )}
            {controls}
            {rows.length ? (
              <>
                <KeyTable
                  rows={rows}
                  columns={{ role: true, creator: true }}
                  actions={{
                    update: updateServiceKeyAction,
                    rotate: rotateAccountKeyAction,
                    setStatus: setServiceKeyStatusAction,
                    remove: deleteAccountKeyAction,
                  }}
                />
                {pager}
              </>
            ) : (
              (noMatch ?? (
                <EmptyState title="No service API keys">
                  {enterprise
                    ? "Create one for a CI pipeline, a backend or an integration that should not depend on one person."
                    : null}
                </EmptyState>
              ))
            )}
            {legacy && (
              <p className="mt-4 text-xs text-slate-500">
                The <strong>Legacy</strong> key is an old account-scoped key
                {legacy.limits.permissions ? "" : " with full access"}. It keeps working until you delete it;
                account-scoped keys can no longer be created.
              </p>
            )}
          </Card>
        )}

        {view === "users" && (
          <Card
            title="All user API keys"
            description="Every member's user keys created in this account. Owners and admins may delete any of them."
          >
            {controls}
            {rows.length ? (
              <>
                <KeyTable
                  rows={rows.map((r) => ({ ...r, canEdit: false }))}
                  columns={{ owner: true }}
                  actions={{ remove: deleteAccountKeyAction }}
                />
                {pager}
              </>
            ) : (
              (noMatch ?? <EmptyState title="No user API keys in this account" />)
            )}
          </Card>
        )}

        {view === "mine" && (
          <Card
            title="My API keys"
            description={
              <>
                Your user keys created in this account. Create and manage all of yours in{" "}
                <Link href="/settings/user" className="font-medium text-brand-700 underline">
                  User settings
                </Link>
                .
              </>
            }
          >
            {controls}
            {rows.length ? (
              <>
                <KeyTable
                  rows={rows}
                  actions={{
                    update: updateUserKeyAction,
                    rotate: rotateUserKeyAction,
                    setStatus: setUserKeyStatusAction,
                    remove: deleteUserKeyAction,
                  }}
                />
                {pager}
              </>
            ) : (
              (noMatch ?? <EmptyState title="You have no API keys in this account" />)
            )}
          </Card>
        )}

        {!admin && (
          <Card title="Service API keys">
            <p className="text-sm text-slate-600">
              Only owners and admins manage service API keys and see every key of the account.
            </p>
          </Card>
        )}
      </div>
    </>
  );
}
