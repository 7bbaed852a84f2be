"use server";
import { z } from "zod";
import { db } from "@/db/client";
import { userAction } from "@/lib/server/action";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications";
import { idSchema } from "@/lib/validation";

export const markNotificationReadAction = userAction(z.object({ id: idSchema }), async ({ id }, session) => {
  await markNotificationRead(db, session.user.id, id);
  return null;
});

export const markAllNotificationsReadAction = userAction(z.object({}), async (_input, session) => {
  await markAllNotificationsRead(db, session.user.id);
  return null;
});
