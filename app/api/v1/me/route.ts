import { json, withApiKey } from "@/lib/api";

export const GET = withApiKey("account.read", ({ principal: p }) =>
  json({
    key: { id: p.keyId, kind: p.kind, name: p.name, role: p.role },
    user: p.userId ? { id: p.userId, email: p.userEmail } : null,
    account: { id: p.accountId, name: p.accountName, plan: p.plan },
  }),
);
