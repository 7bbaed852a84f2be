"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export interface NavSection {
  title: string;
  /** `document`: a page outside the console app (full navigation, e.g. /docs). */
  items: { href: string; label: string; document?: boolean; count?: number; countLabel?: string }[];
}

export function SettingsNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  const nav = useRef<HTMLElement>(null);
  // On a phone the navigation is one row that scrolls sideways: bring the current page into view.
  useEffect(() => {
    const box = nav.current;
    const current = box?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!box || !current || box.scrollWidth <= box.clientWidth) return;
    const a = current.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    box.scrollLeft += a.left - b.left - (b.width - a.width) / 2;
  }, [pathname]);
  return (
    <nav
      ref={nav}
      aria-label="Settings"
      className="flex gap-4 overflow-x-auto pb-1 md:block md:space-y-6 md:overflow-visible md:pb-0"
    >
      {sections.map((section) => (
        <div key={section.title} className="shrink-0">
          <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{section.title}</h2>
          <ul className="mt-2 flex gap-0.5 md:block md:space-y-0.5">
            {section.items.map((item) => {
              const active = pathname === item.href;
              if (item.document)
                return (
                  <li key={item.href}>
                    <a
                      href={item.href}
                      className="block whitespace-nowrap rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-white/70 hover:text-slate-900"
                    >
                      {item.label}
                    </a>
                  </li>
                );
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={`relative block whitespace-nowrap rounded-md px-3 py-1.5 text-sm ${
                      active
                        ? "bg-white font-medium text-slate-900 shadow-sm ring-1 ring-slate-200"
                        : "text-slate-600 hover:bg-white/70 hover:text-slate-900"
                    }`}
                  >
                    {item.label}
                    {!!item.count && (
                      <span className="ml-2 inline-flex min-w-5 justify-center rounded-full bg-amber-50 px-1.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-600/20">
                        {item.count}
                        <span className="sr-only"> {item.countLabel}</span>
                      </span>
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
