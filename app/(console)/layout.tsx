import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { AccountSwitcher } from "@/components/shell/account-switcher";
import { SettingsNav, type NavSection } from "@/components/shell/settings-nav";
import { NotificationBell } from "@/components/shell/notification-bell";
import { UserMenu } from "@/components/shell/user-menu";
import { Badge } from "@/components/ui/badge";
import { can, ROLE_LABELS } from "@latchkey/domain/policy";
import { db } from "@latchkey/domain/db/client";
import { keyHealthCount } from "@latchkey/domain/keys/health";
import { actorFromSession, requireSession } from "@/app/_server/session";
import { switchAccount } from "./actions";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./notification-actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  const sections: NavSection[] = [
    {
      title: "You",
      items: [
        { href: "/settings/user", label: "User settings" },
        { href: "/docs", label: "API docs", document: true },
      ],
    },
  ];
  const health =
    session.account && can(session.account.role, "account_keys.read")
      ? await keyHealthCount(db, actorFromSession({ ...session, account: session.account }))
      : null;
  if (session.account)
    sections.push({
      title: "Account",
      items: [
        { href: "/settings/account/general", label: "General" },
        { href: "/settings/account/team", label: "Team" },
        { href: "/settings/account/api-keys", label: "API keys" },
        ...(health !== null
          ? [
              {
                href: "/settings/account/key-health",
                label: "Key health",
                count: health,
                countLabel: health === 1 ? "finding" : "findings",
              },
            ]
          : []),
        ...(can(session.account.role, "audit_log.read")
          ? [{ href: "/settings/account/audit-log", label: "Audit log" }]
          : []),
      ],
    });
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to main content
      </a>
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
          <Logo href="/settings/user" />
          <span aria-hidden className="hidden h-6 w-px bg-slate-200 sm:block" />
          <AccountSwitcher
            accounts={session.accounts}
            currentId={session.account?.id ?? null}
            switchAccount={switchAccount}
          />
          {session.account && (
            <span className="hidden sm:inline-flex">
              <Badge tone="gray">{ROLE_LABELS[session.account.role]}</Badge>
            </span>
          )}
          <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
            <NotificationBell
              markNotificationReadAction={markNotificationReadAction}
              markAllNotificationsReadAction={markAllNotificationsReadAction}
            />
            <UserMenu name={session.user.name} email={session.user.email} />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-8 px-4 py-8 sm:px-6 md:flex-row">
        <aside className="md:w-52 md:shrink-0">
          <SettingsNav sections={sections} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
