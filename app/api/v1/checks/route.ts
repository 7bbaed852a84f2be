import { db } from "@/db/client";
import { json, readBody, withApiKey } from "@/lib/api";
import { createCheck, createCheckSchema, listChecks, serializeCheck } from "@/lib/checks";

export const GET = withApiKey("checks.read", ({ principal }) => json({ checks: listChecks(db, principal.accountId).map(serializeCheck) }));

export const POST = withApiKey("checks.write", async ({ req, principal }) => {
  const input = await readBody(req, createCheckSchema);
  return json(serializeCheck(createCheck(db, principal.accountId, input)), 201);
});
