import type { Metadata } from "next";
import { db } from "@latchkey/domain/db/client";
import { CreateKeyDialog } from "@/components/api-keys/create-key-dialog";
import { KeyListControls, KeyPager, NoKeysMatch } from "@/components/api-keys/key-list-controls";
import { UsageSnippets } from "@/components/api-keys/usage-snippets";
import { browseKeys, parseKeyBrowse } from "@latchkey/domain/keys/browse";
import { publicOrigin } from "@latchkey/domain/public-origin";
import { toKeyRowData } from "@/components/api-keys/key-row-data";
import { KeyTable } from "@/components/api-keys/key-table";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getAccountForActor } from "@latchkey/domain/accounts";
import { keyUsage } from "@latchkey/domain/key-usage";
import { listOwnKeys } from "@latchkey/domain/keys";
import { canCreateUserKey } from "@latchkey/domain/policy";
import { actorFromSession, requireSession } from "@/app/_server/session";
import {
  createUserKeyAction,
  deleteUserKeyAction,
  rotateUserKeyAction,
  setUserKeyStatusAction,
  updateUserKeyAction,
} from "./actions";
import { ChangePasswordForm, ProfileForm, SignOutEverywhere } from "./profile-form";

export const metadata: Metadata = { title: "User settings" };

export default async function UserSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession();
  const { user, account } = session;
  const browse = parseKeyBrowse(await searchParams);
  const list = browseKeys(
    await listOwnKeys(db, user.id),
    (r) => r.key,
    browse,
    (id) => keyUsage.lastSeen(id)?.at,
  );
  const keys = list.rows.map(({ key, accountName, maxLifetimeDays }) =>
    toKeyRowData(key, {
      accountName,
      canEdit: true,
      canDelete: true,
      lastSeen: keyUsage.lastSeen(key.id),
      maxLifetimeDays,
    }),
  );
  const listParams = Object.fromEntries(
    Object.entries({ q: list.q, sort: list.sort === "created" ? "" : list.sort }).filter(([, v]) => v),
  );
  const current = account ? await getAccountForActor(db, actorFromSession({ ...session, account })) : null;
  const creation = current
    ? canCreateUserKey(current.membership, current.account)
    : { ok: false as const, reason: "Join an account to create API keys." };
  return (
    <>
      <PageHeader title="User settings" description="Your profile and your personal API keys." />
      <div className="space-y-6">
        {!account && (
          <div
            role="status"
            className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          >
            You are not a member of any account. Ask an owner or admin for an invitation link.
          </div>
        )}
        <Card
          title="API keys"
          description={
            <>
              User API keys act as you, with your role in whichever account a request names in{" "}
              <code className="font-mono">X-Account-Id</code>. They stop working in an account the moment you leave it.
            </>
          }
          actions={
            <CreateKeyDialog
              triggerLabel="Create new API key"
              action={createUserKeyAction}
              disabledReason={creation.ok ? undefined : creation.reason}
              usage={account ? { origin: publicOrigin(), accountId: account.id } : undefined}
              maxLifetimeDays={current?.account.maxKeyLifetimeDays ?? null}
            />
          }
        >
          {list.unfiltered > 0 && <KeyListControls path="/settings/user" q={list.q} sort={list.sort} />}
          {keys.length ? (
            <>
              <KeyTable
                rows={keys}
                columns={{ account: true }}
                actions={{
                  update: updateUserKeyAction,
                  rotate: rotateUserKeyAction,
                  setStatus: setUserKeyStatusAction,
                  remove: deleteUserKeyAction,
                }}
              />
              <KeyPager
                path="/settings/user"
                page={list.page}
                pages={list.pages}
                total={list.total}
                params={listParams}
              />
            </>
          ) : list.unfiltered > 0 ? (
            <NoKeysMatch />
          ) : (
            <EmptyState title="No API keys yet">
              <p>
                An API key lets a script or a CI job call the Latchkey API as you. Create one, copy it once, and send it
                as a Bearer token
                {account ? <> with the ID of {account.name}:</> : "."}
              </p>
              {account && <UsageSnippets origin={publicOrigin()} token="<your API key>" accountId={account.id} />}
              <p>
                Every endpoint, with its parameters and errors, is in the{" "}
                <a href="/docs" className="font-medium text-brand-700 underline">
                  API reference
                </a>
                .
              </p>
            </EmptyState>
          )}
        </Card>
        <Card title="Profile">
          <ProfileForm name={user.name} email={user.email} />
        </Card>
        <Card
          title="Password"
          description="Changing it signs you out of every other browser; this one stays signed in."
        >
          <ChangePasswordForm />
        </Card>
        <Card title="Sessions" description="Signs you out of every browser, this one included.">
          <SignOutEverywhere />
        </Card>
      </div>
    </>
  );
}
