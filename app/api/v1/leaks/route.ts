import { db } from "@/db/client";
import { apiError, json, publicApi, readBody } from "@/lib/api";
import { clientIp } from "@/lib/client-ip";
import { leakReportSchema, reportLeaks } from "@/lib/leaks";
import { limiters } from "@/lib/rate-limit";

/** Anyone may report leaked tokens (no key); rate limited per IP. */
export const POST = publicApi(async (req) => {
  const ip = clientIp(req.headers);
  const wait = limiters.leakReportsByIp.retryAfter(ip);
  if (wait) return apiError("rate_limited", "Too many leak reports. Try again later.", { headers: { "Retry-After": String(wait) } });
  limiters.leakReportsByIp.hit(ip);
  const reports = await readBody(req, leakReportSchema);
  return json(reportLeaks(db, reports, ip));
});
