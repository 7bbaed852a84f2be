"use client";
import { usePathname, useRouter } from "next/navigation";
import { selectClass } from "@/components/ui/field";

const VIEWS = [
  { value: "mine", label: "My API keys" },
  { value: "users", label: "All user API keys" },
  { value: "service", label: "Service API keys" },
] as const;

export function ViewFilter({ view }: { view: string }) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      View
      <select
        aria-label="View"
        className={selectClass}
        value={view}
        onChange={(e) => router.push(`${pathname}?view=${e.target.value}`)}
      >
        {VIEWS.map((v) => (
          <option key={v.value} value={v.value}>
            {v.label}
          </option>
        ))}
      </select>
    </label>
  );
}
