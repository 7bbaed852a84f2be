"use server";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { accountAction } from "@/app/_server/action";
import {
  changeMemberRole,
  inviteMember,
  removeMember,
  revokeInvitation,
  setKeyCreationGrant,
  transferOwnership,
} from "@latchkey/domain/teams";
import { checkboxSchema, emailSchema, idSchema, roleSchema } from "@latchkey/domain/validation";

export const inviteMemberAction = accountAction(
  z.object({ email: emailSchema, role: roleSchema }),
  async (input, caller) => {
    const { invitation, token } = await inviteMember(db, caller, input);
    // The token goes to the inviter once, to build the link; only its hash is stored.
    return { id: invitation.id, email: invitation.email, token, expiresAt: invitation.expiresAt.toISOString() };
  },
);

export const revokeInvitationAction = accountAction(z.object({ invitationId: idSchema }), ({ invitationId }, caller) =>
  revokeInvitation(db, caller, invitationId),
);

export const changeRoleAction = accountAction(
  z.object({ userId: idSchema, role: roleSchema }),
  ({ userId, role }, caller) => changeMemberRole(db, caller, userId, role),
);

export const removeMemberAction = accountAction(z.object({ userId: idSchema }), ({ userId }, caller) =>
  removeMember(db, caller, userId),
);

export const transferOwnershipAction = accountAction(z.object({ userId: idSchema }), ({ userId }, caller) =>
  transferOwnership(db, caller, userId),
);

export const setKeyCreationGrantAction = accountAction(
  z.object({ userId: idSchema, granted: checkboxSchema }),
  ({ userId, granted }, caller) => setKeyCreationGrant(db, caller, userId, granted),
);
