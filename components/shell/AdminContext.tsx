"use client";

import { createContext, useContext } from "react";
import type { StaffRole } from "@/db/schema/enums";
import type { ResourceMeta } from "@/lib/resources/types";

export interface ShellActor {
  staffId: string;
  name: string;
  email: string;
  role: StaffRole;
}

interface AdminContextValue {
  actor: ShellActor;
  resources: ResourceMeta[];
}

const AdminContext = createContext<AdminContextValue | null>(null);
export const AdminContextProvider = AdminContext.Provider;

export function useAdmin(): AdminContextValue {
  const value = useContext(AdminContext);
  if (!value) throw new Error("useAdmin() outside the admin shell");
  return value;
}

/** The registry metadata of one resource as the signed-in role sees it (undefined: the role cannot list it). */
export function useResourceMeta(name: string): ResourceMeta | undefined {
  return useAdmin().resources.find((meta) => meta.name === name);
}
