import { z } from "zod";
import { PLANS, ROLES } from "@/db/schema";
import { MIN_PASSWORD_LENGTH } from "./passwords";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address." })).pipe(z.string().max(254));
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(256, { error: "Use at most 256 characters." });
export const personNameSchema = z.string().trim().min(1, { error: "Enter your name." }).max(100, { error: "Use at most 100 characters." });
export const accountNameSchema = z.string().trim().min(1, { error: "Enter a name." }).max(100, { error: "Use at most 100 characters." });
export const roleSchema = z.enum(ROLES, { error: "Choose a role." });
export const planSchema = z.enum(PLANS, { error: "Choose a plan." });
export const idSchema = z.string().uuid({ error: "Invalid id." });
/** HTML checkboxes send "on" or nothing; JSON callers send booleans. */
export const checkboxSchema = z.union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()]).transform((v) => v === true || v === "on" || v === "true");

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) });

/** Field errors keyed by field, as forms show them next to each input. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const { formErrors, fieldErrors } = z.flattenError(error);
  // Errors about the whole input (wrong type, a refinement) are reported under "body".
  return { ...(formErrors.length ? { body: formErrors } : {}), ...(fieldErrors as Record<string, string[]>) };
}
