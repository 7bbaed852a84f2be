import { db, dbReady } from "@/db/client";
import { sweepExpiry } from "../expiry";

const INTERVAL_MS = Number(process.env.LATCHKEY_SWEEP_INTERVAL_MS) || 5 * 60_000;
let timer: NodeJS.Timeout | undefined;

async function runSweep() {
  try {
    await dbReady;
    await sweepExpiry(db);
  } catch (error) {
    console.error("[latchkey] expiry sweep failed:", error instanceof Error ? error.message : error);
  }
}

export async function startSweeper() {
  if (timer) return;
  timer = setInterval(runSweep, INTERVAL_MS);
  timer.unref();
  await runSweep();
}
