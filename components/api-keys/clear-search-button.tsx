"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

/**
 * Empties the key search (the form named "Find keys" on the same page) and shows the list without it, keeping the
 * form's other choices (view, sort). A client-side navigation, so focus stays in the search box, ready for another
 * name.
 */
export function ClearSearchButton() {
  const router = useRouter();
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={() => {
        const form = document.querySelector<HTMLFormElement>('form[aria-label="Find keys"]');
        const box = form?.querySelector<HTMLInputElement>('input[name="q"]');
        if (!form || !box) return router.push(window.location.pathname);
        box.value = "";
        box.focus();
        const params = new URLSearchParams();
        for (const [name, value] of new FormData(form))
          if (name !== "q" && typeof value === "string") params.set(name, value);
        const query = params.toString();
        router.push(`${new URL(form.action).pathname}${query ? `?${query}` : ""}`);
      }}
    >
      Clear search
    </Button>
  );
}
