// Checks: the sample resource behind the public API. Every query names the account; every operation
// asks the policy module for the actor's role first.
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { checks, type Check } from "@/db/schema";
import type { DB } from "@/db/connection";
import type { Actor } from "./actor";
import { notFound } from "./errors";
import { authorize } from "./policy";
import { redactTokens } from "./tokens";
import { plainText } from "./validation";

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: "Enter an http or https URL." }))
  .transform(redactTokens);

export const createCheckSchema = z.strictObject({
  name: plainText({ min: 1, max: 200 }),
  url: httpUrl,
  active: z.boolean().optional(),
});
export const updateCheckSchema = createCheckSchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: "Send at least one of name, url, active." });

export function serializeCheck(c: Check) {
  return {
    id: c.id,
    name: c.name,
    url: c.url,
    active: c.active,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function listChecks(db: DB, actor: Actor) {
  authorize(actor, "checks.read");
  const { accountId } = actor;
  return await db
    .select()
    .from(checks)
    .where(eq(checks.accountId, accountId))
    .orderBy(asc(checks.createdAt), asc(checks.id));
}

export async function getCheck(db: DB, actor: Actor, id: string) {
  authorize(actor, "checks.read");
  const { accountId } = actor;
  const check = await first(
    db
      .select()
      .from(checks)
      .where(and(eq(checks.accountId, accountId), eq(checks.id, id))),
  );
  if (!check) throw notFound("No such check.");
  return check;
}

export async function createCheck(db: DB, actor: Actor, input: z.output<typeof createCheckSchema>) {
  authorize(actor, "checks.write");
  const { accountId } = actor;
  return await only(
    db
      .insert(checks)
      .values({ id: randomUUID(), accountId, name: input.name, url: input.url, active: input.active ?? true })
      .returning(),
  );
}

export async function updateCheck(db: DB, actor: Actor, id: string, input: z.output<typeof updateCheckSchema>) {
  authorize(actor, "checks.write");
  const { accountId } = actor;
  const updated = await first(
    db
      .update(checks)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(checks.accountId, accountId), eq(checks.id, id)))
      .returning(),
  );
  if (!updated) throw notFound("No such check.");
  return updated;
}

export async function deleteCheck(db: DB, actor: Actor, id: string) {
  authorize(actor, "checks.write");
  const { accountId } = actor;
  const deleted = await first(
    db
      .delete(checks)
      .where(and(eq(checks.accountId, accountId), eq(checks.id, id)))
      .returning({ id: checks.id }),
  );
  if (!deleted) throw notFound("No such check.");
}
