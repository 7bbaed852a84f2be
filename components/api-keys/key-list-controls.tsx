import Link from "next/link";
import { AutoSubmitForm } from "@/components/ui/auto-submit-form";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { selectClass } from "@/components/ui/field";
import { ClearSearchButton } from "./clear-search-button";
import { KEY_SORT_LABELS, KEY_SORTS, type KeySort } from "@latchkey/domain/keys/browse";

/** Search, sort and the pager of a key list; everything is in the URL (plain GET links and forms). */
export function KeyListControls({
  path,
  q,
  sort,
  keep = {},
}: {
  path: string;
  q: string;
  sort: KeySort;
  keep?: Record<string, string>;
}) {
  return (
    <AutoSubmitForm
      method="get"
      action={path}
      role="search"
      aria-label="Find keys"
      className="mb-4 flex flex-wrap items-end gap-3"
    >
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {/* On a phone the search field has the whole first line; sort and Search share the second. */}
      <label className="min-w-0 basis-full text-sm font-medium text-slate-700 sm:basis-auto sm:flex-1 sm:max-w-xs">
        <span className="mb-1 block">Search keys</span>
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Name contains…"
          className={`${selectClass} w-full`}
        />
      </label>
      <label className="min-w-0 flex-1 text-sm font-medium text-slate-700 sm:flex-none">
        <span className="mb-1 block">Sort by</span>
        <select name="sort" defaultValue={sort} className={`${selectClass} w-full`}>
          {KEY_SORTS.map((s) => (
            <option key={s} value={s}>
              {KEY_SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass("secondary")}>
        Search
      </button>
    </AutoSubmitForm>
  );
}

export function KeyPager({
  path,
  page,
  pages,
  total,
  params,
}: {
  path: string;
  page: number;
  pages: number;
  total: number;
  params: Record<string, string>;
}) {
  if (pages <= 1) return null;
  const href = (p: number) => `${path}?${new URLSearchParams({ ...params, page: String(p) })}`;
  return (
    <nav aria-label="Pages of keys" className="mt-4 flex items-center justify-between text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className="font-medium text-brand-700 hover:underline">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page} of {pages} · {total} keys
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} className="font-medium text-brand-700 hover:underline">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A search that matched no key: says so, with the button that clears it. */
export function NoKeysMatch() {
  return (
    <EmptyState title="No keys match" action={<ClearSearchButton />}>
      Try another name, or clear the search.
    </EmptyState>
  );
}
