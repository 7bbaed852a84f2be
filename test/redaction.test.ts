// Tokens never reach storage through free text: every stored text field is fed a real token through its
// own entry point (server actions, API schemas, leak reports, audit and notifications), and then the
// whole database file is searched for it.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { updateProfileAction, createUserKeyAction, updateUserKeyAction } from "@/app/(console)/settings/user/actions";
import { renameAccountAction } from "@/app/(console)/settings/account/general/actions";
import { createServiceKeyAction } from "@/app/(console)/settings/account/api-keys/actions";
import { databasePath, nativeOf } from "@/db/connection";
import { recordAudit, type AuditEntry } from "@/lib/audit";
import { createCheck, createCheckSchema, updateCheck, updateCheckSchema } from "@/lib/checks";
import { leakReportSchema, reportLeaks } from "@/lib/leaks";
import { notify } from "@/lib/notifications";
import { generateToken, redactTokens, redactTokensDeep } from "@/lib/tokens";
import { signUpSchema } from "@/lib/validation";
import { actAs, makeTeam, memberActor, testDb } from "@/test/fixtures";

const db = testDb();

describe("redactTokens", () => {
  it("turns every token-like run into its hint, whatever surrounds it", () => {
    const { token } = generateToken("user");
    const hint = `lku_…${token.slice(-4)}`;
    expect(redactTokens(`https://ci.example/log?api_key=${token}&x=1`)).toBe(
      `https://ci.example/log?api_key=${hint}&x=1`,
    );
    expect(redactTokens(`a ${token} b ${token}`)).toBe(`a ${hint} b ${hint}`);
    // Percent-encoded underscore, truncated tokens, and other kinds.
    expect(redactTokens(`lku%5F${token.slice(4)}`)).not.toContain(token.slice(4));
    expect(redactTokens(token.slice(0, 20))).not.toContain(token.slice(4, 20));
    for (const kind of ["service", "legacy"] as const) {
      const t = generateToken(kind).token;
      expect(redactTokens(`x${t}x`)).not.toContain(t);
    }
    expect(redactTokens("no tokens here, lku_ alone")).toBe("no tokens here, lku_ alone");
    expect(redactTokensDeep({ a: [token, { b: token }], n: 1 })).toEqual({ a: [hint, { b: hint }], n: 1 });
  });
});

describe("every stored free-text field", () => {
  it("keeps no token, from any entry point", async () => {
    const { account, owner } = await makeTeam("enterprise");
    const secret = generateToken("service").token;
    const url = `https://ci.example/log?api_key=${secret}`;
    await actAs(owner, account.id);

    expect(await updateProfileAction({ name: `Olivia ${secret}` })).toMatchObject({ ok: true });
    expect(await renameAccountAction({ name: `Acme ${secret}` })).toMatchObject({ ok: true });
    const created = await createUserKeyAction({ name: `CI ${secret}`, description: `from ${url}` });
    expect(created.ok).toBe(true);
    const keyId = created.ok ? created.data.id : "";
    expect(
      await updateUserKeyAction({ keyId, name: `Renamed ${secret}`, description: url, expires: "keep" }),
    ).toMatchObject({ ok: true });
    expect(
      await createServiceKeyAction({ name: `Deploy ${secret}`, description: url, role: "read_only" }),
    ).toMatchObject({ ok: true });

    const check = await createCheck(
      db,
      await memberActor(owner, account.id),
      createCheckSchema.parse({ name: `Login ${secret}`, url }),
    );
    await updateCheck(
      db,
      await memberActor(owner, account.id),
      check.id,
      updateCheckSchema.parse({ name: `Again ${secret}`, url: `${url}&b=2` }),
    );
    expect(
      JSON.stringify(
        signUpSchema.parse({ name: `Sam ${secret}`, email: "sam@example.test", password: "a long enough phrase" }),
      ),
    ).not.toContain(secret);

    // A leak report whose URL carries the token itself (the reported case), for a real key.
    const leaked = created.ok ? created.data.token : "";
    await reportLeaks(
      db,
      leakReportSchema.parse([{ token: leaked, url: `https://paste.example/raw?k=${leaked}&also=${secret}` }]),
      "203.0.113.9",
    );

    // Direct writers redact too, whatever a caller passes (an event of no real action: cast past AuditDetails).
    await recordAudit(db, {
      accountId: account.id,
      actor: { type: "system", name: `sys ${secret}` },
      action: "test.event",
      target: { type: "x", id: "1", name: secret },
      details: { url, nested: [{ secret }] },
    } as unknown as AuditEntry);
    await notify(db, [owner.id], { kind: "test", message: `look at ${url}` });

    // Everything stored: the SQLite file's bytes, or every row of every PostgreSQL table as text.
    const native = nativeOf(db);
    let stored: string;
    if (native.dialect === "sqlite") {
      native.sqlite.pragma("wal_checkpoint(TRUNCATE)");
      stored = fs.readFileSync(databasePath()).toString("utf8");
    } else {
      const tables = await native.sql<
        { tablename: string }[]
      >`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
      const dumps = await Promise.all(
        tables.map((t) =>
          native.sql.unsafe(`SELECT coalesce(string_agg(t::text, E'\\n'), '') AS rows FROM "${t.tablename}" t`),
        ),
      );
      stored = dumps.map((d) => String(d[0]!.rows)).join("\n");
    }
    expect(stored).not.toContain(secret.slice(4, 36));
    expect(stored).not.toContain(leaked.slice(4, 36));
    // What is kept instead is the hint, so people can still tell which key it was.
    expect(stored).toContain(`lks_…${secret.slice(-4)}`);
  });
});
