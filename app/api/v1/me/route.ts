import { db } from "@/db/client";
import { json, withApiKey } from "@/lib/api";
import { describePrincipal } from "@/lib/api-auth";

export const GET = withApiKey("account.read", ({ principal }) => json(describePrincipal(db.$client, principal)));
