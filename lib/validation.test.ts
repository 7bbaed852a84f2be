import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/server/http/front-door";
import { keyNameSchema } from "./keys";
import { accountNameSchema, passwordSchema, personNameSchema } from "./validation";

describe("new passwords (ASVS 6.2.4)", () => {
  it.each([
    "password1234",
    "123456789012",
    "qwertyuiopas",
    "aaaaaaaaaaaa",
    "            ",
    "passwordpassword",
    "letmein12345678",
  ])("refuses %j with a clear message", (pw) => {
    const result = passwordSchema.safeParse(pw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/too easy to guess|only spaces/);
  });
  it.each(["correct horse battery", "a long enough phrase", "latchkey-demo-2026"])("accepts %j", (pw) => {
    expect(passwordSchema.safeParse(pw).success).toBe(true);
  });
});

describe("names refuse control and text-direction characters", () => {
  const schemas = { personNameSchema, accountNameSchema, keyNameSchema };
  it.each(Object.entries(schemas))("%s", (_name, schema) => {
    for (const bad of [
      "a\u0000b",
      "evil\u202Egnp.exe",
      "x\u2066y",
      "lone \uD800 surrogate",
      "bell\u0007",
      "c1\u0085",
      "line\nbreak",
    ]) {
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(schema.safeParse("Café 🚀 ünïcode").success).toBe(true);
  });
});

describe("security headers", () => {
  it("add HSTS only when the public origin is https", () => {
    expect(securityHeaders("https://keys.example.com")["Strict-Transport-Security"]).toMatch(/max-age=\d{7,}/);
    expect(securityHeaders("http://localhost:3000")["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders(undefined)["Permissions-Policy"]).toContain("camera=()");
  });
});
