import { db } from "@/db/client";
import { json, keyActor, withApiKey } from "@/lib/api";
import { listMembers } from "@/lib/teams";

export const GET = withApiKey("account.read", ({ principal, ip }) =>
  json({
    members: listMembers(db, keyActor(principal, ip)).map((m) => ({
      userId: m.userId,
      name: m.name,
      email: m.email,
      role: m.role,
      canCreateKeys: m.canCreateKeys,
      joinedAt: m.joinedAt.toISOString(),
    })),
  }),
);
