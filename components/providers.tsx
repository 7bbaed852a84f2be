"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState, useSyncExternalStore, type ReactNode } from "react";
import { toasterDemand } from "@/components/ui/toast";

const Toaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

/** Mounts sonner's Toaster once the first toast is asked for (see components/ui/toast.ts). */
function LazyToaster() {
  const wanted = useSyncExternalStore(toasterDemand.subscribe, toasterDemand.wanted, () => false);
  return wanted ? <Toaster position="bottom-right" richColors closeButton theme="system" /> : null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      {children}
      <LazyToaster />
    </QueryClientProvider>
  );
}
