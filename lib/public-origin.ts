/** The console's public origin (NEXTAUTH_URL), as examples and links show it. */
export function publicOrigin(): string {
  return new URL(process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).origin;
}
