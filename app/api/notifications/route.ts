import { db } from "@/db/client";
import { listNotifications } from "@/lib/notifications";
import { getSession } from "@/lib/server/session";

// The console's own endpoint for the bell (session cookie, not the public API).
export async function GET() {
  const session = await getSession();
  if (!session) return Response.json({ error: { code: "unauthenticated", message: "Sign in." } }, { status: 401 });
  return Response.json(await listNotifications(db, session.user.id), { headers: { "Cache-Control": "no-store" } });
}
