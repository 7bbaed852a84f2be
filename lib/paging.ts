// Paging, in one place (docs/architecture.md#paging). Two contracts, on purpose:
// - keyset pages (the API's lists, docs/api.md#paging, and the console's audit log): newest first, a cursor
//   naming the last row shown, so a page stays right while new rows arrive; read from the database a page at a time;
// - numbered pages (the console's key lists, lib/keys/browse.ts): "page 3 of 7" over rows already read and
//   sorted in memory, where the sort may be by last use, which only memory knows.
import { z } from "zod";

/** The most rows one keyset page holds. */
export const MAX_PAGE_LIMIT = 200;

/** The `limit` query parameter of a keyset page: 1 to MAX_PAGE_LIMIT, `byDefault` when left out. */
export const pageLimitSchema = (byDefault: number) =>
  z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(byDefault);

/**
 * A keyset page: `read` fetches, in order and after the cursor, one row more than `limit`; that extra row
 * only says that a next page exists, and `cursorOf` names the last row shown for it.
 */
export async function keysetPage<T, C>(
  limit: number,
  read: (count: number) => Promise<T[]>,
  cursorOf: (last: T) => C,
): Promise<{ rows: T[]; nextCursor: C | null }> {
  const rows = await read(limit + 1);
  const shown = rows.slice(0, limit);
  return { rows: shown, nextCursor: rows.length > limit ? cursorOf(shown.at(-1)!) : null };
}

/** Page `page` (from 1; past the last, the last) of `size` rows, with how many pages and rows there are. */
export function numberedPage<T>(rows: T[], page: number | undefined, size: number) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(page ?? 1, pages);
  return { rows: rows.slice((current - 1) * size, current * size), total: rows.length, page: current, pages };
}
