import { db } from "@/db/client";
import { json, readBody, uuidParam, withApiKey } from "@/lib/api";
import { deleteCheck, getCheck, serializeCheck, updateCheck, updateCheckSchema } from "@/lib/checks";

type Params = { id: string };

export const GET = withApiKey<Params>("checks.read", ({ principal, params }) =>
  json(serializeCheck(getCheck(db, principal.accountId, uuidParam(params.id, "check")))),
);

export const PATCH = withApiKey<Params>("checks.write", async ({ req, principal, params }) => {
  const id = uuidParam(params.id, "check");
  const input = await readBody(req, updateCheckSchema);
  return json(serializeCheck(updateCheck(db, principal.accountId, id, input)));
});

export const DELETE = withApiKey<Params>("checks.write", ({ principal, params }) => {
  deleteCheck(db, principal.accountId, uuidParam(params.id, "check"));
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
