"use server";
import { z } from "zod";
import { db } from "@latchkey/domain/db/client";
import { userAction } from "@/app/_server/action";
import { markAllNotificationsRead, markNotificationRead } from "@latchkey/domain/notifications";
import { idSchema } from "@latchkey/domain/validation";

export const markNotificationReadAction = userAction(z.object({ id: idSchema }), async ({ id }, session) => {
  await markNotificationRead(db, session.user.id, id);
  return null;
});

export const markAllNotificationsReadAction = userAction(z.object({}), async (_input, session) => {
  await markAllNotificationsRead(db, session.user.id);
  return null;
});
