// Daily request counts as an SVG bar chart rendered on the server (no chart library, no client JS): a
// y axis with round ticks and gridlines, a date axis, and a readable tooltip per day on hover or keyboard
// focus. The numbers are also in a table for screen readers.

/** 0 and two more round ticks covering `max` (1, 2, 5 × 10^n steps). */
function ticks(max: number): number[] {
  const raw = Math.max(1, max) / 2;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  return [0, step, step * 2];
}

const label = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export function UsageChart({ days }: { days: { day: string; count: number }[] }) {
  const total = days.reduce((n, d) => n + d.count, 0);
  const yTicks = ticks(Math.max(...days.map((d) => d.count)));
  const top = yTicks.at(-1)!;
  const L = 40; // room for the y axis labels
  const W = 640;
  const H = 160;
  const plot = W - L;
  const bar = plot / days.length;
  const y = (v: number) => H - (v / top) * (H - 12);
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H + 22}`}
        className="h-auto w-full overflow-visible"
        role="group"
        aria-label={`Requests per day over the last ${days.length} days: ${total} in all`}
      >
        {yTicks.map((t) => (
          <g key={t} aria-hidden>
            <line x1={L} x2={W} y1={y(t)} y2={y(t)} className={t === 0 ? "stroke-slate-300" : "stroke-slate-100"} />
            <text x={L - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-600 text-[11px]">
              {t.toLocaleString("en-US")}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const h = H - y(d.count);
          const x = L + i * bar;
          const text = `${label(d.day)}: ${d.count.toLocaleString("en-US")} request${d.count === 1 ? "" : "s"}`;
          const tipX = Math.min(Math.max(x + bar / 2, L + 60), W - 60);
          return (
            <g key={d.day} tabIndex={0} role="img" aria-label={text} className="group outline-none">
              {/* The whole column answers to the pointer, not only the bar. */}
              <rect x={x} y={0} width={bar} height={H} className="fill-transparent" />
              <rect
                x={x + 2}
                y={H - h}
                width={Math.max(bar - 4, 1)}
                height={Math.max(h, d.count ? 2 : 0)}
                rx="2"
                className="fill-brand-500 group-hover:fill-brand-700 group-focus:fill-brand-700"
              />
              <g className="pointer-events-none opacity-0 group-hover:opacity-100 group-focus:opacity-100">
                <rect
                  x={tipX - 58}
                  y={Math.max(0, H - h - 30)}
                  width="116"
                  height="22"
                  rx="4"
                  className="fill-slate-900"
                />
                <text x={tipX} y={Math.max(0, H - h - 30) + 15} textAnchor="middle" className="fill-white text-[11px]">
                  {text}
                </text>
              </g>
            </g>
          );
        })}
        {days.map((d, i) =>
          (i % 7 === 0 && i < days.length - 4) || i === days.length - 1 ? (
            <text
              key={d.day}
              aria-hidden
              x={i === days.length - 1 ? W : L + i * bar + bar / 2}
              y={H + 16}
              textAnchor={i === days.length - 1 ? "end" : "middle"}
              className="fill-slate-600 text-[11px]"
            >
              {label(d.day)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="mt-2 text-sm text-slate-600">
        {total.toLocaleString("en-US")} request{total === 1 ? "" : "s"} in the last {days.length} days (UTC days). Hover
        or tab to a day for its count.
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
