import type { ReactNode, ThHTMLAttributes } from "react";

/** A card-width table: bleeds to the card's edges and scrolls sideways on narrow screens. */
export function Table({ head, children }: { head: ReactNode; children: ReactNode }) {
  return (
    // relative: the sr-only labels inside cells (position: absolute) stay in this scroll box, not the page.
    <div className="relative -mx-5 overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            {head}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** A header cell; the first and last columns line up with the card's padding. */
export function Th({ edge, className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement> & { edge?: boolean }) {
  return <th scope="col" className={`${edge ? "px-5" : "px-3"} py-2 font-medium ${className}`} {...props} />;
}
