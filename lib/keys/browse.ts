// Key lists people can find their way in (docs/concepts.md#the-console): search by name, sort by created, last used or
// expiry, pages of 50 — all in the URL, so a view can be shared. Lists hold one person's or one
// account's keys, so this works on the rows already read; last use comes from memory when it is newer.
import { z } from "zod";
import type { ApiKey } from "@/db/schema";
import { numberedPage } from "../paging";

export const KEY_PAGE_SIZE = 50;
export const KEY_SORTS = ["created", "last_used", "expiry"] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export const KEY_SORT_LABELS: Record<KeySort, string> = {
  created: "Newest first",
  last_used: "Last used",
  expiry: "Expiring soonest",
};

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
export const keyBrowseSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(KEY_SORTS).optional()).catch(undefined),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).optional()).catch(undefined),
});
export type KeyBrowse = z.output<typeof keyBrowseSchema>;

export function parseKeyBrowse(params: Record<string, string | string[] | undefined>): KeyBrowse {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = keyBrowseSchema.safeParse(flat);
  return parsed.success ? parsed.data : {};
}

export function browseKeys<T>(
  rows: T[],
  keyOf: (row: T) => ApiKey,
  browse: KeyBrowse,
  lastSeen: (keyId: string) => number | undefined,
) {
  const q = browse.q?.toLowerCase();
  const filtered = q ? rows.filter((r) => keyOf(r).name.toLowerCase().includes(q)) : rows;
  const sort = browse.sort ?? "created";
  const lastUsed = (k: ApiKey) => lastSeen(k.id) ?? k.lastUsedAt?.getTime() ?? -Infinity;
  const sorted = [...filtered].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (sort === "last_used") return lastUsed(kb) - lastUsed(ka);
    // Keys without an expiry come last.
    if (sort === "expiry") return (ka.expiresAt?.getTime() ?? Infinity) - (kb.expiresAt?.getTime() ?? Infinity);
    return kb.createdAt.getTime() - ka.createdAt.getTime() || (ka.id < kb.id ? 1 : -1);
  });
  return { ...numberedPage(sorted, browse.page, KEY_PAGE_SIZE), unfiltered: rows.length, q: browse.q ?? "", sort };
}
