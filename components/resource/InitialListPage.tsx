"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { ListResponse } from "@/lib/resources/types";

interface InitialList {
  resource: string;
  query: string;
  page: ListResponse;
}

const InitialListContext = createContext<InitialList | null>(null);

/** Carries a list's server-rendered first page (server/resources/firstListPage.ts) to its screen. */
export function InitialListProvider({ value, children }: { value: InitialList | null; children: ReactNode }) {
  return <InitialListContext.Provider value={value}>{children}</InitialListContext.Provider>;
}

/** The server's page when it answers exactly this resource and query string, else undefined. */
export function useInitialListPage(resource: string, query: string): ListResponse | undefined {
  const initial = useContext(InitialListContext);
  return initial && initial.resource === resource && initial.query === query ? initial.page : undefined;
}
