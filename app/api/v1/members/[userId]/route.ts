import { db } from "@/db/client";
import { json, keyActor, uuidParam, withApiKey } from "@/lib/api";
import { removeMember } from "@/lib/teams";

/** Same rules as the console: admins never remove owners, the last owner stays. */
export const DELETE = withApiKey<{ userId: string }>("members.manage", ({ principal, params, ip }) =>
  json(removeMember(db, keyActor(principal, ip), uuidParam(params.userId, "member"))),
);
