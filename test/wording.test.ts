// Counts and sentences as people read them (issue 21's wording): nouns and verbs agree with their counts, and a key
// that exchanges itself for an access token is not named twice.
import { describe, expect, it } from "vitest";
import { auditSentence } from "@/lib/audit-labels";
import { agree, countOf } from "@/lib/format";

describe("counts in words", () => {
  it("puts the noun and the verb in the number of the count", () => {
    const lose = (n: number) => `${countOf(n, "member")} ${agree(n, "loses", "lose")} access`;
    expect(lose(1)).toBe("1 member loses access");
    expect(lose(2)).toBe("2 members lose access");
    expect(lose(0)).toBe("0 members lose access");
    expect(countOf(1, "API key")).toBe("1 API key");
    expect(countOf(1200, "key")).toBe("1,200 keys");
  });
});

describe("the token exchange in the audit log", () => {
  const exchanged = (actor: string, target: string) =>
    auditSentence({
      action: "api_key.token_issued",
      actor: { type: "key", name: actor },
      target: { type: "api_key", name: target },
      details: {},
    });

  it("says the key exchanged itself, for account keys and user keys (named with their person)", () => {
    expect(exchanged("Legacy account key", "Legacy account key")).toBe(
      "Legacy account key exchanged itself for an access token.",
    );
    expect(exchanged("CI (ana@acme.test)", "CI")).toBe("CI (ana@acme.test) exchanged itself for an access token.");
  });
});
