"use client";
// Toasts, loaded on first use: sonner (≈ 12 kB gzipped) is fetched when the first toast is shown, not
// with every page. Toasts raised before its Toaster mounts are shown once it does (sonner replays
// active toasts to a new subscriber).
type Kind = "success" | "error" | "info";

let wanted = false;
const listeners = new Set<() => void>();

/** For the lazy Toaster: whether a toast has been asked for yet, and a way to hear when one is. */
export const toasterDemand = {
  wanted: () => wanted,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

function show(kind: Kind, message: string) {
  if (!wanted) {
    wanted = true;
    listeners.forEach((l) => l());
  }
  void import("sonner").then(({ toast: sonner }) => sonner[kind](message));
}

export const toast = {
  success: (message: string) => show("success", message),
  error: (message: string) => show("error", message),
  info: (message: string) => show("info", message),
};
