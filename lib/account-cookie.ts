/** The current-account cookie: only a preference; membership is re-checked on every request. */
export const accountCookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
  maxAge: 365 * 24 * 60 * 60,
};
