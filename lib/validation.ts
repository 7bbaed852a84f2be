import { z } from "zod";
import { PLANS, ROLES } from "@/db/schema";
import { MIN_PASSWORD_LENGTH, passwordWeakness } from "./passwords";
import { redactTokens } from "./tokens";

// Control characters (C0, DEL, C1), direction marks, embeddings, overrides and isolates: in a name they
// hide or reorder what a reader sees ("evil\u202Egnp.exe"). Line breaks and tabs only where text may be multi-line.
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/;
const UNSAFE_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/;

/**
 * Every free text Latchkey stores (names, descriptions): trimmed, bounded, without control or
 * direction-changing characters or lone surrogates, and with any token redacted.
 */
export function plainText({
  min = 0,
  max,
  required = "Enter a name.",
  multiline = false,
}: {
  min?: number;
  max: number;
  required?: string;
  multiline?: boolean;
}) {
  const unsafe = multiline ? UNSAFE_IN_TEXT : UNSAFE_IN_LINE;
  return z
    .string()
    .trim()
    .min(min, { error: required })
    .max(max, { error: `Use at most ${max} characters.` })
    .refine((v) => !unsafe.test(v) && v.isWellFormed(), { error: "Remove control or text-direction characters." })
    .transform(redactTokens);
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }))
  .pipe(z.string().max(254));
/** New passwords: long enough, and not guessable (ASVS 6.2.4): see passwordWeakness. */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(256, { error: "Use at most 256 characters." })
  .superRefine((v, ctx) => {
    const problem = passwordWeakness(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
export const personNameSchema = plainText({ min: 1, max: 100, required: "Enter your name." });
export const accountNameSchema = plainText({ min: 1, max: 100 });
export const roleSchema = z.enum(ROLES, { error: "Choose a role." });
export const planSchema = z.enum(PLANS, { error: "Choose a plan." });
export const idSchema = z.string().uuid({ error: "Invalid id." });
/** HTML checkboxes send "on" or nothing; JSON callers send booleans. */
export const checkboxSchema = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()])
  .transform((v) => v === true || v === "on" || v === "true");

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
