import { db } from "@latchkey/domain/db/client";
import { listNotifications } from "@latchkey/domain/notifications";
import { getSession } from "@/app/_server/session";

// The console's own endpoint for the bell (session cookie, not the public API).
export async function GET() {
  const session = await getSession();
  if (!session) return Response.json({ error: { code: "unauthenticated", message: "Sign in." } }, { status: 401 });
  return Response.json(await listNotifications(db, session.user.id), { headers: { "Cache-Control": "no-store" } });
}
