// Runs once when the server starts: the expiry sweep at start-up and every five minutes, so
// reminders and "expired" audit events need no external cron.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSweeper } = await import("./lib/server/sweeper");
  await startSweeper();
}
