"use server";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import {
  changePlan,
  deleteAccount,
  renameAccount,
  setMaxKeyLifetime,
  setRestrictKeyCreation,
} from "@latchkey/domain/accounts";
import { accountAction } from "@/app/_server/action";
import { leaveAccount } from "@latchkey/domain/teams";
import { accountNameSchema, checkboxSchema, planSchema } from "@latchkey/domain/validation";

export const renameAccountAction = accountAction(z.object({ name: accountNameSchema }), ({ name }, caller) =>
  renameAccount(db, caller, name),
);

export const changePlanAction = accountAction(z.object({ plan: planSchema }), ({ plan }, caller) =>
  changePlan(db, caller, plan),
);

export const setRestrictKeyCreationAction = accountAction(
  z.object({ restrict: checkboxSchema }),
  ({ restrict }, caller) => setRestrictKeyCreation(db, caller, restrict),
);

export const leaveAccountAction = accountAction(z.object({}), (_input, caller) => leaveAccount(db, caller));

export const deleteAccountAction = accountAction(
  z.object({ confirmName: z.string().max(200) }),
  ({ confirmName }, actor) => deleteAccount(db, actor, confirmName),
);

export const setMaxKeyLifetimeAction = accountAction(
  z.object({
    days: z
      .enum(["none", "30", "90", "365"], { error: "Choose a maximum lifetime." })
      .transform((v) => (v === "none" ? null : (Number(v) as 30 | 90 | 365))),
  }),
  ({ days }, actor) => setMaxKeyLifetime(db, actor, days),
);
