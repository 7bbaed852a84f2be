// Server actions never throw at the user: a refusal, a bug and a database that does not answer each
// come back as a result the console can show.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { PublicError } from "@latchkey/domain/errors";
import { publicAction } from "./action";

const schema = z.object({ name: z.string().min(1) });

describe("server action results", () => {
  it("a database that does not answer is `unavailable`, saying nothing was changed, not a logged internal error", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const action = publicAction(schema, () => {
      throw new Error("Failed query", { cause: refused });
    });
    const result = await action({ name: "x" });
    expect(result).toEqual({
      ok: false,
      code: "unavailable",
      error: expect.stringMatching(/can’t reach its database.*Nothing was changed/),
    });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it("a refusal keeps its code and message; a bug is `internal_error` with nothing internal in it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const refuse = publicAction(schema, () => {
      throw new PublicError("forbidden", "Only owners can do that.");
    });
    expect(await refuse({ name: "x" })).toMatchObject({
      ok: false,
      code: "forbidden",
      error: "Only owners can do that.",
    });
    const fail = publicAction(schema, () => {
      throw new Error("SELECT secret FROM x");
    });
    const bug = await fail({ name: "x" });
    expect(bug).toEqual({ ok: false, code: "internal_error", error: "Something went wrong. Please try again." });
    expect(await publicAction(schema, () => 1)({ name: "" })).toMatchObject({ ok: false, code: "validation_failed" });
    log.mockRestore();
  });
});
