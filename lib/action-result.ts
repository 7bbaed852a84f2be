// What every server action answers (app/_server/action.ts), and what client components read: a type
// only, so components can name it without importing app/.
export type ActionResult<T = null> =
  { ok: true; data: T } | { ok: false; error: string; code?: string; fieldErrors?: Record<string, string[]> };
