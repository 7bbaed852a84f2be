// The public API's real router (lib/server/http/api-app.ts) on a loopback port, for integration tests
// that go through the route declarations, the guard and the verification pipeline exactly as requests do.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { only } from "@/db/query";
import { apiKeys } from "@/db/schema";
import { createApiHandler } from "@/lib/server/http/api-app";
import { generateToken } from "@/lib/tokens";
import { testDb } from "./fixtures";

export interface Call {
  token?: string | null;
  account?: string | null;
  body?: unknown;
  ip?: string;
  headers?: Record<string, string>;
}

export async function startApi() {
  const handler = createApiHandler();
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  async function call(method: string, path: string, c: Call = {}) {
    const headers: Record<string, string> = { "x-forwarded-for": c.ip ?? "198.51.100.10", ...c.headers };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    if (c.account) headers["x-account-id"] = c.account;
    if (c.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(base + path, {
      method,
      headers,
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
    });
    const text = await res.text();
    // Whatever the server sent: tests read it as they expect it to be.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let json: any;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  }
  return { base, call, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A key row with a known token, any kind, any limits (the row as a migration or an old version left it). */
export async function keyWithToken(
  kind: "user" | "service" | "legacy",
  accountId: string,
  extra: Partial<typeof apiKeys.$inferInsert> = {},
) {
  const t = generateToken(kind);
  const row = await only(
    testDb()
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        kind,
        name: `${kind} ${randomUUID().slice(0, 6)}`,
        tokenHash: t.hash,
        hint: t.hint,
        accountId,
        role: kind === "service" ? "read_write" : null,
        ...extra,
      })
      .returning(),
  );
  return { row, token: t.token };
}
