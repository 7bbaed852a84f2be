import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireSession } from "@/lib/session";
import { ProfileForm, SignOutEverywhere } from "./profile-form";

export const metadata: Metadata = { title: "User settings" };

export default async function UserSettingsPage() {
  const { user, account } = await requireSession();
  return (
    <>
      <PageHeader title="User settings" description="Your profile and your personal API keys." />
      <div className="space-y-6">
        {!account && (
          <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            You are not a member of any account. Ask an owner or admin for an invitation link.
          </div>
        )}
        <Card title="Profile">
          <ProfileForm name={user.name} email={user.email} />
        </Card>
        <Card title="Sessions" description="Signs you out of every browser, this one included.">
          <SignOutEverywhere />
        </Card>
      </div>
    </>
  );
}
