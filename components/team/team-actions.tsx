"use client";
// The team page's server actions, handed down by the page (components never import app/): the page
// passes them to this provider, and each control takes the one it needs.
import { createContext, useContext, type ReactNode } from "react";
import type { ServerAction } from "@/components/ui/use-server-action";
import type { Role } from "@latchkey/domain/db/schema";

export interface TeamActions {
  invite: ServerAction<FormData, { id: string; email: string; token: string; expiresAt: string }>;
  revokeInvitation: ServerAction<{ invitationId: string }, { id: string }>;
  changeRole: ServerAction<{ userId: string; role: Role }, { role: Role }>;
  remove: ServerAction<{ userId: string }, { keysAffected: number }>;
  transferOwnership: ServerAction<{ userId: string }, { ok: boolean }>;
  setKeyCreationGrant: ServerAction<{ userId: string; granted: boolean }, { granted: boolean }>;
}

const TeamActionsContext = createContext<TeamActions | null>(null);

export function TeamActionsProvider({ actions, children }: { actions: TeamActions; children: ReactNode }) {
  return <TeamActionsContext.Provider value={actions}>{children}</TeamActionsContext.Provider>;
}

export function useTeamActions(): TeamActions {
  const actions = useContext(TeamActionsContext);
  if (!actions) throw new Error("useTeamActions outside TeamActionsProvider");
  return actions;
}
