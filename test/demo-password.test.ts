// The demo password of docs/operations.md#demo-data (`latchkey-demo`) is published, so it is nobody's new password:
// sign-up (also the way in from an invitation) and change password refuse it, in any case or spacing,
// with an error on the password field; the demo seed itself still uses it.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signUp } from "@/app/(auth)/signup/actions";
import { changePasswordAction } from "@/app/(console)/settings/user/actions";
import { users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/lib/demo-data";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { passwordSchema } from "@/lib/validation";
import { actAs, makeTeam, testDb } from "@/test/fixtures";

const db = testDb();

const VARIANTS = [
  "latchkey-demo",
  "LATCHKEY-DEMO",
  "Latchkey-Demo",
  " latchkey-demo ",
  "latchkey demo",
  "latchkey_demo",
  "LatchkeyDemo ",
  "latchkey\u2013demo",
  "ｌａｔｃｈｋｅｙ－ｄｅｍｏ",
  "latch\u200bkey-demo",
];

describe("the published demo password", () => {
  it("is the seed's password", () => expect(DEMO_PASSWORD).toBe("latchkey-demo"));

  it.each(VARIANTS)("%j is refused as a new password, saying why", (pw) => {
    const result = passwordSchema.safeParse(pw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/published demo password/);
  });

  it("passwords that only contain it are judged like any other", () => {
    expect(passwordSchema.safeParse("latchkey-demo-2026").success).toBe(true);
  });

  it("sign-up refuses it with an error on the password field and creates no user", async () => {
    for (const password of ["latchkey-demo", "LATCHKEY-DEMO", " Latchkey Demo "]) {
      const email = `demo-${Math.random().toString(36).slice(2)}@example.test`;
      const result = await signUp({ name: "Dee", email, password });
      expect(result).toMatchObject({
        ok: false,
        code: "validation_failed",
        fieldErrors: { password: [expect.stringMatching(/published demo password/)] },
      });
      expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    }
  });

  it("change password refuses it with an error on the new password field and keeps the old password", async () => {
    const { owner } = await makeTeam();
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("old phrase of words") })
      .where(eq(users.id, owner.id));
    await actAs(owner);
    for (const newPassword of ["latchkey-demo", "LATCHKEY-DEMO", "latchkey demo"]) {
      const result = await changePasswordAction({
        currentPassword: "old phrase of words",
        newPassword,
        confirmPassword: newPassword,
      });
      expect(result).toMatchObject({
        ok: false,
        code: "validation_failed",
        fieldErrors: { newPassword: [expect.stringMatching(/published demo password/)] },
      });
    }
    const [row] = await db.select().from(users).where(eq(users.id, owner.id));
    expect(await verifyPassword("old phrase of words", row!.passwordHash)).toBe(true);
  });
});
