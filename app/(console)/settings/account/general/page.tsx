import type { Metadata } from "next";
import { db } from "@latchkey/domain/db/client";
import { Card, PageHeader } from "@/components/ui/card";
import { getAccountForActor } from "@latchkey/domain/accounts";
import { can, ROLE_LABELS } from "@latchkey/domain/policy";
import { requireAccount } from "@/app/_server/session";
import { listAccountKeys } from "@latchkey/domain/keys";
import { listMembers } from "@latchkey/domain/teams";
import {
  AccountIdField,
  AccountNameForm,
  DeleteAccount,
  KeyCreationForm,
  KeyLifetimeForm,
  LeaveAccount,
  PlanForm,
} from "./general-forms";

export const metadata: Metadata = { title: "General" };

export default async function GeneralSettingsPage() {
  const { actor } = await requireAccount();
  const { account, membership } = await getAccountForActor(db, actor);
  const role = membership.role;
  return (
    <>
      <PageHeader
        title="General"
        description={`Settings of ${account.name}. You are ${ROLE_LABELS[role].toLowerCase()} here.`}
      />
      <div className="space-y-6">
        <Card title="Account" description="The name your team sees in the account switcher.">
          <div className="space-y-5">
            <AccountNameForm name={account.name} canEdit={can(role, "account.update")} />
            <AccountIdField accountId={account.id} />
          </div>
        </Card>
        <Card
          title="Plan"
          description="Service API keys are available on the Enterprise plan. Latchkey has no billing: the plan is a setting."
        >
          <PlanForm plan={account.plan} canEdit={can(role, "account.own")} />
        </Card>
        <Card
          title="API key creation"
          description="Decide whether every member may create user API keys in this account."
        >
          <KeyCreationForm restrict={account.restrictKeyCreation} canEdit={can(role, "account.update")} />
        </Card>
        <Card title="Key policy" description="How long the API keys of this account may live.">
          <KeyLifetimeForm days={account.maxKeyLifetimeDays} canEdit={can(role, "account.update")} />
        </Card>
        <Card
          title="Leave account"
          description="You lose access to this account, and your user API keys stop working in it."
        >
          <LeaveAccount accountName={account.name} />
        </Card>
        {can(role, "account.own") && (
          <Card
            title="Delete account"
            description="Deletes the account, its members' access, its keys and its checks for good."
          >
            <DeleteAccount
              accountName={account.name}
              keyCount={(await listAccountKeys(db, actor)).length}
              memberCount={(await listMembers(db, actor)).length}
            />
          </Card>
        )}
      </div>
    </>
  );
}
