"use client";

// antd 5 under React 19: patches Modal/message static methods and the wave effect. Imported once, here.
import "@ant-design/v5-patch-for-react-19";
// Before any schema runs in the browser: no eval() probe under the CSP.
import "@/lib/zodWithoutEval";
import type { ReactNode } from "react";
import { AntdRegistry } from "@ant-design/nextjs-registry";
import { ColorModeProvider } from "./colorMode";

/**
 * The client entry of every page: antd's React 19 patch, its style registry (server-rendered pages
 * carry their CSS) and the staff member's colour mode (the sign-in and error pages follow it too).
 */
export function AntdClientEntry({ children }: { children: ReactNode }) {
  return (
    <AntdRegistry>
      <ColorModeProvider>{children}</ColorModeProvider>
    </AntdRegistry>
  );
}
