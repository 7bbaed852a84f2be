/** Daily request counts as SVG bars, rendered on the server; the numbers are also in a table for screen readers. */
export function UsageChart({ days }: { days: { day: string; count: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.reduce((n, d) => n + d.count, 0);
  const W = 600;
  const H = 140;
  const bar = W / days.length;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H + 18}`} className="h-auto w-full" role="img" aria-label={`Requests per day over the last ${days.length} days: ${total} in all`}>
        <line x1="0" x2={W} y1={H} y2={H} className="stroke-slate-200" />
        {days.map((d, i) => {
          const h = Math.round((d.count / max) * (H - 8));
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.count} request${d.count === 1 ? "" : "s"}`}</title>
              <rect x={i * bar + 2} y={H - h} width={bar - 4} height={Math.max(h, d.count ? 2 : 0)} rx="2" className="fill-brand-500" />
            </g>
          );
        })}
        <text x="0" y={H + 14} className="fill-slate-500 text-[11px]">{days[0]?.day}</text>
        <text x={W} y={H + 14} textAnchor="end" className="fill-slate-500 text-[11px]">{days.at(-1)?.day}</text>
      </svg>
      <figcaption className="mt-2 text-sm text-slate-600">
        {total.toLocaleString("en-US")} request{total === 1 ? "" : "s"} in the last {days.length} days (UTC days).
      </figcaption>
      <table className="sr-only">
        <caption>Requests per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
