"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";
import type { ServerAction } from "@/components/ui/use-server-action";

interface Feed {
  unread: number;
  items: { id: string; kind: string; message: string; link: string | null; read: boolean; createdAt: string }[];
}

const fmt = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

/** The bell: unread count refreshed in the background (TanStack Query), list, mark read. */
export function NotificationBell({
  markNotificationReadAction,
  markAllNotificationsReadAction,
}: {
  markNotificationReadAction: ServerAction<{ id: string }, null>;
  markAllNotificationsReadAction: ServerAction<Record<string, never>, null>;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const { data } = useQuery<Feed>({
    queryKey: ["notifications"],
    queryFn: async () => {
      const res = await fetch("/api/notifications", { cache: "no-store" });
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    },
    refetchInterval: 15_000,
    refetchOnWindowFocus: true,
  });
  const button = useRef<HTMLButtonElement>(null);
  // Escape hands focus back to the bell (a click elsewhere leaves it where the click put it).
  const close = useCallback((reason: "escape" | "outside") => {
    setOpen(false);
    if (reason === "escape") button.current?.focus();
  }, []);
  useDismiss(open, root, close);
  const unread = data?.unread ?? 0;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["notifications"] });
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        onClick={async () => {
          setOpen((o) => !o);
          await refresh();
        }}
        className="relative grid size-9 place-items-center rounded-full text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" strokeLinejoin="round" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
        </svg>
        {unread > 0 && (
          <span
            data-testid="unread-count"
            className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          role="region"
          aria-label="Your notifications"
          className="fixed inset-x-4 top-14 z-30 mt-1 rounded-lg bg-white shadow-lg ring-1 ring-slate-900/10 sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            <button
              type="button"
              disabled={!unread}
              onClick={async () => {
                await markAllNotificationsReadAction({});
                await refresh();
              }}
              className="text-xs font-medium text-brand-700 hover:underline disabled:text-slate-400 disabled:no-underline"
            >
              Mark all as read
            </button>
          </div>
          {data?.items.length ? (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
              {data.items.map((n) => (
                <li
                  key={n.id}
                  className={`px-4 py-3 text-sm ${n.read ? "text-slate-500" : "bg-brand-50/40 text-slate-800"}`}
                >
                  <p>{n.message}</p>
                  <div className="mt-1 flex items-center gap-3 text-xs text-slate-500">
                    <span>{fmt.format(new Date(n.createdAt))} UTC</span>
                    {n.link && (
                      <Link
                        href={n.link}
                        className="font-medium text-brand-700 hover:underline"
                        onClick={async () => {
                          setOpen(false);
                          if (!n.read) await markNotificationReadAction({ id: n.id });
                          await refresh();
                        }}
                      >
                        View
                      </Link>
                    )}
                    {!n.read && (
                      <button
                        type="button"
                        aria-label={`Mark as read: ${n.message}`}
                        className="font-medium text-slate-600 hover:underline"
                        onClick={async () => {
                          await markNotificationReadAction({ id: n.id });
                          await refresh();
                        }}
                      >
                        Mark as read
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-4 py-8 text-center text-sm text-slate-500">
              {data ? "You're all caught up." : "Loading…"}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
