import { db } from "@latchkey/domain/db/client";
import { bearerToken, describeKeyActor, verifyKey } from "@latchkey/domain/api-auth";
import { PublicError } from "@latchkey/domain/errors";

// For `npm run bench` only (LATCHKEY_BENCH_ROUTES=1): GET /api/v1/me's work through a Next route
// handler, so the bench can print what the lean path saves. Everywhere else it does not exist.
export async function GET(req: Request) {
  if (process.env.LATCHKEY_BENCH_ROUTES !== "1")
    return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  const result = await verifyKey(db, bearerToken(req.headers.get("authorization")), req.headers.get("x-account-id"));
  if (!result.ok) return Response.json({ error: { code: result.code, message: result.message } }, { status: 401 });
  try {
    return Response.json(await describeKeyActor(db, result.actor), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof PublicError)
      return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
    throw error;
  }
}
