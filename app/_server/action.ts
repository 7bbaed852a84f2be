import "server-only";
import type { z } from "zod";
import { isDatabaseUnavailable } from "@latchkey/domain/db/health";
import { PublicError } from "@latchkey/domain/errors";
import type { Actor } from "@latchkey/domain/actor";
import { actorFromSession, getSession, type SessionContext } from "./session";
import { fieldErrors } from "@latchkey/domain/validation";
import type { ActionResult } from "@latchkey/domain/action-result";

export type { ActionResult };

type Input = FormData | Record<string, unknown> | undefined;

function toObject(input: Input): Record<string, unknown> {
  if (input instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of input.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
    return out;
  }
  return input && typeof input === "object" ? input : {};
}

function toFailure(error: unknown): ActionResult<never> {
  if (error instanceof PublicError)
    return { ok: false, error: error.message, code: error.code, fieldErrors: error.details };
  // The database not answering (restarting, failing over) is not a bug to log at length: say so, and that
  // nothing was changed (the transaction never committed).
  if (isDatabaseUnavailable(error))
    return {
      ok: false,
      error: "Latchkey can’t reach its database right now. Nothing was changed; try again in a few seconds.",
      code: "unavailable",
    };
  // Unexpected: log for the operator, tell the user nothing internal.
  console.error("[latchkey] server action failed:", error instanceof Error ? error.message : error);
  return { ok: false, error: "Something went wrong. Please try again.", code: "internal_error" };
}

/**
 * Every console server action goes through here: who is asking (from the database), zod, then the
 * domain function in lib/, which asks the policy module and refuses on the server.
 * Never throws at the user; a refusal comes back as `{ ok: false, error }`.
 */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, session: SessionContext) => T | Promise<T>,
) {
  return async (input?: Input): Promise<ActionResult<Awaited<T>>> => {
    try {
      const session = await getSession();
      if (!session) return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthenticated" };
      const parsed = schema.safeParse(toObject(input));
      if (!parsed.success)
        return {
          ok: false,
          error: "Check the highlighted fields.",
          code: "validation_failed",
          fieldErrors: fieldErrors(parsed.error),
        };
      return { ok: true, data: await run(parsed.data, session) };
    } catch (error) {
      return toFailure(error);
    }
  };
}

/** As userAction, for actions inside the current account: `run` gets the actor to pass to lib/. */
export function accountAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, actor: Actor, session: SessionContext) => T | Promise<T>,
) {
  return userAction(schema, (input, session) => {
    if (!session.account) throw new PublicError("forbidden", "You are not a member of any account.");
    return run(input, actorFromSession({ ...session, account: session.account }), session);
  });
}

/** Actions that need no session (sign-up): zod and error mapping only. */
export function publicAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>) => T | Promise<T>) {
  return async (input?: Input): Promise<ActionResult<Awaited<T>>> => {
    try {
      const parsed = schema.safeParse(toObject(input));
      if (!parsed.success)
        return {
          ok: false,
          error: "Check the highlighted fields.",
          code: "validation_failed",
          fieldErrors: fieldErrors(parsed.error),
        };
      return { ok: true, data: await run(parsed.data) };
    } catch (error) {
      return toFailure(error);
    }
  };
}
