// A leak report's URL keeps no token in any encoding (docs/security.md#leak-report-urls): each encoding of a
// token in the URL is reported for a real key, and the URL stored on the key, in the audit event and in the
// notifications is the same redacted value: the URL with the token's hint, or only its origin where a
// token could still be read out of it.
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, notifications } from "@/db/schema";
import { auditQuerySchema, listAuditEvents, recordAudit, type AuditEntry } from "@/lib/audit";
import { createServiceKey } from "@/lib/keys";
import { leakReportSchema, reportLeaks } from "@/lib/leaks";
import { generateToken, redactLeakedUrl } from "@/lib/tokens";
import { makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();

const token = generateToken("user").token;
const body = token.slice(4);
const fullwidth = (s: string) => [...s].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("");
const ORIGIN = "https://paste.example";
const at = (t: string) => `${ORIGIN}/raw/42?api_key=${t}&lines=1-20`;

// Each way of writing the token that today's redaction missed, and what is kept of the URL.
const ENCODED: [string, (t: string) => string][] = [
  ["%255F (double percent-encoding)", (t) => at(t.replace("_", "%255F"))],
  ["%2525255F (four levels)", (t) => at(t.replace("_", "%2525255F"))],
  [
    "every character percent-encoded twice",
    (t) => at([...t].map((c) => `%25${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("")),
  ],
  ["&#95;", (t) => at(t.replace("_", "&#95;"))],
  ["&lowbar;", (t) => at(t.replace("_", "&lowbar;"))],
  ["&#x5f;", (t) => at(t.replace("_", "&#x5f;"))],
  ["&amp;#95; (an entity, percent-encoded)", (t) => at(t.replace("_", "%26amp%3B%2395%3B"))],
  ["zero-width space inside", (t) => at(`${t.slice(0, 12)}\u200b${t.slice(12)}`)],
  [
    "zero-width space, percent-encoded, after the first characters",
    (t) => at(`${t.slice(0, 14)}%E2%80%8B${t.slice(14)}`),
  ],
  ["zero-width space as &#8203; after the first characters", (t) => at(`${t.slice(0, 14)}&#8203;${t.slice(14)}`)],
  [
    "zero-width joiner and soft hyphen, percent-encoded",
    (t) => at(`${t.slice(0, 3)}%E2%80%8D_${t.slice(4, 20)}%C2%AD${t.slice(20)}`),
  ],
  ["fullwidth characters (NFKC)", (t) => at(fullwidth(t))],
  ["fullwidth low line only", (t) => at(t.replace("_", "\uff3f"))],
  ["upper case, double-encoded", (t) => at(t.toUpperCase().replace("_", "%255F"))],
  ["an unknown named entity where the underscore is", (t) => at(t.replace("_", "&UnknownThing;"))],
  ["encoded deeper than the bound", (t) => at(t.replace("_", `%${"25".repeat(30)}5F`))],
];

describe("redactLeakedUrl", () => {
  it.each(ENCODED)("keeps only the origin for %s", (_name, url) => {
    expect(redactLeakedUrl(url(token))).toBe(ORIGIN);
  });

  it("replaces a plainly written token, in any case and of any kind, by its hint and keeps the rest", () => {
    expect(redactLeakedUrl(at(token))).toBe(at(`lku_…${token.slice(-4)}`));
    expect(redactLeakedUrl(at(token.toUpperCase()))).toBe(at(`LKU_…${token.slice(-4).toUpperCase()}`));
    expect(redactLeakedUrl(at(token.replace("_", "%5F")))).toBe(at(`lku_…${token.slice(-4)}`));
    for (const future of ["lkg_", "lkd_", "LkS_"])
      expect(redactLeakedUrl(at(future + body))).toBe(at(`${future.slice(0, 3)}_…${body.slice(-4)}`));
  });

  it("keeps a clean URL as it is", () => {
    for (const clean of [
      "https://paste.example/raw/42?lines=1-20&sort=asc#L3",
      "https://github.com/talkus/bulk_download/blob/main/silks/README.md",
      "https://example.com/search?q=%E2%9C%93%20caf%C3%A9&amp=1",
      "https://example.com/a%2Fb%252Fc",
      "http://[2001:db8::1]:8080/x_y",
    ])
      expect(redactLeakedUrl(clean)).toBe(clean);
  });

  it("keeps nothing when even the origin could hold a token, or when there is no URL to take an origin from", () => {
    expect(redactLeakedUrl(`https://${token.replace("_", "%255F")}.paste.example/x`)).toBeNull();
    expect(redactLeakedUrl(`https://${fullwidth(token)}.paste.example/x`)).toBeNull();
    expect(redactLeakedUrl(`found in a chat: ${token.replace("_", "%255F")}`)).toBeNull();
    expect(redactLeakedUrl(`data:text/plain,${token.replace("_", "&#95;")}`)).toBeNull();
    // Free text without a token is kept.
    expect(redactLeakedUrl("found in a chat")).toBe("found in a chat");
  });
});

describe("POST /api/v1/leaks stores, audits and notifies only the redacted URL", () => {
  async function reportFor(url: (t: string) => string) {
    const { account, owner } = await makeTeam("enterprise");
    // A key that keeps working, so its row (and the URL stored on it) stays.
    const { key, token: leaked } = await createServiceKey(db, await memberActor(owner, account.id), {
      name: "Deploy",
      description: null,
      expiresAt: null,
      leakAction: "none",
      role: "read_only",
    });
    // The URL carries the reported key's own token.
    const verdicts = await reportLeaks(
      db,
      leakReportSchema.parse([{ token: leaked, url: url(leaked) }]),
      "203.0.113.9",
    );
    expect(verdicts).toEqual([{ token_hint: key.hint, label: "true_positive" }]);
    const stored = (await db.select().from(apiKeys).where(eq(apiKeys.id, key.id)))[0]!;
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, "api_key.leaked")))
      .orderBy(desc(auditEvents.createdAt));
    const [note] = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, owner.id), eq(notifications.kind, "api_key.leaked")));
    return {
      leaked,
      stored: stored.leakedUrl,
      audited: (event!.details as { url: string | null }).url,
      notified: note!.message,
    };
  }

  it.each(ENCODED)("%s: only the origin, everywhere", async (_name, url) => {
    const { leaked, stored, audited, notified } = await reportFor(url);
    expect(stored).toBe(ORIGIN);
    expect(audited).toBe(ORIGIN);
    expect(notified).toContain(`at ${ORIGIN}.`);
    for (const text of [stored!, audited!, notified])
      expect(text.toLowerCase()).not.toContain(leaked.slice(8, 30).toLowerCase());
  });

  it("a plainly written token: the URL with the hint, everywhere", async () => {
    const { leaked, stored, audited, notified } = await reportFor((t) => at(t));
    const expected = at(`lks_…${leaked.slice(-4)}`);
    expect(stored).toBe(expected);
    expect(audited).toBe(expected);
    expect(notified).toContain(`at ${expected}.`);
  });

  it("an audit event written before this redaction shows the URL as it would be stored now", async () => {
    const { account, owner } = await makeTeam("enterprise");
    const me = await memberActor(owner, account.id);
    // An event as older versions wrote it (only the URL): cast past today's AuditDetails.
    await recordAudit(db, {
      accountId: account.id,
      actor: { type: "anonymous", name: "Leak report" },
      action: "api_key.leaked",
      target: { type: "api_key", id: "k", name: "Old" },
      details: { url: at(token.replace("_", "%255F")) },
    } as unknown as AuditEntry);
    const { events } = await listAuditEvents(db, me, auditQuerySchema.parse({ action: "api_key.leaked" }));
    expect(events.map((e) => e.details)).toEqual([{ url: ORIGIN }]);
  });

  it("a clean URL: kept as it is, everywhere", async () => {
    const clean = "https://paste.example/raw/42?lines=1-20#L3";
    const { stored, audited, notified } = await reportFor(() => clean);
    expect(stored).toBe(clean);
    expect(audited).toBe(clean);
    expect(notified).toContain(`at ${clean}.`);
  });
});
