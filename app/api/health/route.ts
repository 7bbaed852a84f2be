import type { Statement } from "better-sqlite3";
import { db } from "@/db/client";

export const dynamic = "force-dynamic";

let ping: Statement | undefined;

export function GET() {
  try {
    (ping ??= db.$client.prepare("SELECT 1")).get();
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json(
      { error: { code: "unavailable", message: "The database is not reachable." } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
