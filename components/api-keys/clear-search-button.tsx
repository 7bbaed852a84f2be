"use client";
import { Button } from "@/components/ui/button";

/**
 * Empties the key search (the form named "Find keys" on the same page) and applies it, the way pressing Enter in an
 * emptied search box would; focus goes to the search box, ready for another name.
 */
export function ClearSearchButton() {
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={() => {
        const form = document.querySelector<HTMLFormElement>('form[aria-label="Find keys"]');
        const box = form?.querySelector<HTMLInputElement>('input[name="q"]');
        if (!form || !box) return window.location.assign(window.location.pathname);
        box.value = "";
        box.focus();
        form.requestSubmit();
      }}
    >
      Clear search
    </Button>
  );
}
