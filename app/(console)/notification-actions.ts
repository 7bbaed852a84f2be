"use server";
import { z } from "zod";
import { db } from "@/db/client";
import { userAction } from "@/lib/server/action";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications";
import { idSchema } from "@/lib/validation";

export const markNotificationReadAction = userAction(z.object({ id: idSchema }), ({ id }, session) => {
  markNotificationRead(db, session.user.id, id);
  return null;
});

export const markAllNotificationsReadAction = userAction(z.object({}), (_input, session) => {
  markAllNotificationsRead(db, session.user.id);
  return null;
});
