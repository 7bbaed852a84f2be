import "server-only";
import { db, dbReady } from "@/db/client";
import { sweepExpiry } from "../expiry";

const INTERVAL_MS = Number(process.env.LATCHKEY_SWEEP_INTERVAL_MS) || 5 * 60_000;
const g = globalThis as unknown as { __latchkeySweeper?: NodeJS.Timeout };

async function runSweep() {
  try {
    await dbReady;
    await sweepExpiry(db);
  } catch (error) {
    console.error("[latchkey] expiry sweep failed:", error instanceof Error ? error.message : error);
  }
}

export async function startSweeper() {
  if (g.__latchkeySweeper) return;
  await runSweep();
  g.__latchkeySweeper = setInterval(runSweep, INTERVAL_MS);
  g.__latchkeySweeper.unref();
}
