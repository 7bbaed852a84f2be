import { db } from "@/db/client";
import { bearerToken, describePrincipal, verifyKey } from "@/lib/api-auth";
import { can } from "@/lib/policy";

// For `npm run bench` only (LATCHKEY_BENCH_ROUTES=1): GET /api/v1/me's work through a Next route
// handler, so the bench can print what the lean path saves. Everywhere else it does not exist.
export function GET(req: Request) {
  if (process.env.LATCHKEY_BENCH_ROUTES !== "1") return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  const result = verifyKey(db.$client, bearerToken(req.headers.get("authorization")), req.headers.get("x-account-id"));
  if (!result.ok) return Response.json({ error: { code: result.code, message: result.message } }, { status: 401 });
  if (!can(result.principal.role, "account.read")) return Response.json({ error: { code: "forbidden", message: "Forbidden." } }, { status: 403 });
  return Response.json(describePrincipal(db.$client, result.principal), { headers: { "Cache-Control": "no-store" } });
}
