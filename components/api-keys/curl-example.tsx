/** The seeds' example, with our header and this server's origin. */
export function CurlExample({ accountId, token = "<your API key>" }: { accountId: string; token?: string }) {
  const origin = process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  return (
    <pre className="mt-3 overflow-x-auto rounded-md bg-slate-900 px-4 py-3 text-left text-xs leading-relaxed text-slate-100">
      <code>{`curl -H "Authorization: Bearer ${token}" \\
     -H "X-Account-Id: ${accountId}" \\
     ${origin}/api/v1/checks`}</code>
    </pre>
  );
}
