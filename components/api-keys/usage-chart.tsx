"use client";
// Daily request counts as a bar chart: bars in an SVG that stretches to the card, labels in HTML (so they
// keep a readable size on a phone), a y axis with round ticks and gridlines, a date axis. The chart is one
// Tab stop: the arrow keys (and the pointer) pick a day, whose count shows in a tooltip and is announced.
// The numbers are also in a table for screen readers. With no requests at all it says so instead.
import { useState } from "react";

/** 0 and two more round ticks covering `max` (1, 2, 5 × 10^n steps). */
function ticks(max: number): number[] {
  const raw = Math.max(1, max) / 2;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  return [0, step, step * 2];
}

const label = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const describe = (d: { day: string; count: number }) =>
  `${label(d.day)}: ${d.count.toLocaleString("en-US")} request${d.count === 1 ? "" : "s"}`;

export function UsageChart({ days }: { days: { day: string; count: number }[] }) {
  const [active, setActive] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const total = days.reduce((n, d) => n + d.count, 0);
  const table = (
    <div className="sr-only">
      <table>
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
    </div>
  );
  if (total === 0)
    return (
      <div className="rounded-md border border-dashed border-slate-300 px-6 py-10 text-center">
        <p className="text-sm font-semibold text-slate-900">No requests in the last {days.length} days</p>
        <p className="mt-1 text-sm text-slate-600">Accepted requests with this key show here, per UTC day.</p>
      </div>
    );
  const yTicks = ticks(Math.max(...days.map((d) => d.count)));
  const top = yTicks.at(-1)!;
  const H = 100; // the SVG's own units; it is stretched to the plot's size
  const y = (v: number) => H - (v / top) * H;
  const pct = (i: number) => `${((i + 0.5) / days.length) * 100}%`;
  const shown = active ?? (focused ? days.length - 1 : null);
  const move = (i: number) => setActive(Math.min(days.length - 1, Math.max(0, i)));
  return (
    <figure>
      <div className="flex gap-2">
        {/* The y axis labels, at their gridlines. */}
        <div aria-hidden className="relative h-40 w-10 shrink-0 text-right text-xs text-slate-600">
          {yTicks.map((t) => (
            <span
              key={t}
              className="absolute right-0 -translate-y-1/2 leading-none"
              style={{ top: `${(y(t) / H) * 100}%` }}
            >
              {t.toLocaleString("en-US")}
            </span>
          ))}
        </div>
        <div className="min-w-0 flex-1">
          <div
            tabIndex={0}
            role="group"
            aria-label={`Requests per day over the last ${days.length} days: ${total.toLocaleString("en-US")} in all. Use the left and right arrow keys to read each day.`}
            aria-describedby="usage-chart-day"
            className="relative h-40 rounded-sm focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-500"
            onFocus={() => setFocused(true)}
            onBlur={() => (setFocused(false), setActive(null))}
            onMouseLeave={() => setActive(null)}
            onMouseMove={(e) => {
              const box = e.currentTarget.getBoundingClientRect();
              move(Math.floor(((e.clientX - box.left) / box.width) * days.length));
            }}
            onKeyDown={(e) => {
              const at = shown ?? days.length - 1;
              const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: days.length - 1 }[e.key];
              if (to === undefined) return;
              e.preventDefault();
              move(to);
            }}
          >
            <svg
              aria-hidden
              viewBox={`0 0 ${days.length} ${H}`}
              preserveAspectRatio="none"
              className="absolute inset-0 size-full overflow-visible"
            >
              {yTicks.map((t) => (
                <line
                  key={t}
                  x1={0}
                  x2={days.length}
                  y1={y(t)}
                  y2={y(t)}
                  vectorEffect="non-scaling-stroke"
                  className={t === 0 ? "stroke-slate-300" : "stroke-slate-100"}
                />
              ))}
              {days.map((d, i) => (
                <rect
                  key={d.day}
                  x={i + 0.12}
                  width={0.76}
                  y={y(d.count)}
                  height={H - y(d.count)}
                  className={i === shown ? "fill-brand-700" : "fill-brand-500"}
                />
              ))}
            </svg>
            {shown !== null && (
              <div
                aria-hidden
                className="pointer-events-none absolute top-0 z-10 -translate-x-1/2 whitespace-nowrap rounded bg-slate-900 px-2 py-1 text-xs text-white shadow"
                style={{ left: `clamp(4.5rem, ${pct(shown)}, calc(100% - 4.5rem))` }}
              >
                {describe(days[shown]!)}
              </div>
            )}
          </div>
          {/* The date axis: every seventh day and the last. */}
          <div aria-hidden className="relative mt-1.5 h-4 text-xs text-slate-600">
            {days.map((d, i) =>
              (i % 7 === 0 && i < days.length - 4) || i === days.length - 1 ? (
                <span
                  key={d.day}
                  className={`absolute whitespace-nowrap ${i === days.length - 1 ? "right-0" : i === 0 ? "left-0" : "-translate-x-1/2"}`}
                  style={i === days.length - 1 || i === 0 ? undefined : { left: pct(i) }}
                >
                  {label(d.day)}
                </span>
              ) : null,
            )}
          </div>
        </div>
      </div>
      <p id="usage-chart-day" aria-live="polite" className="sr-only">
        {shown !== null ? describe(days[shown]!) : ""}
      </p>
      <figcaption className="mt-2 text-sm text-slate-600">
        {total.toLocaleString("en-US")} request{total === 1 ? "" : "s"} in the last {days.length} days (UTC days). Point
        at a day, or focus the chart and use the arrow keys, for its count.
      </figcaption>
      {table}
    </figure>
  );
}
