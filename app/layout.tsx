import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AntdClientEntry } from "@/components/shell/AntdClientEntry";
import { HydrationGate } from "@/components/shell/HydrationGate";
import "@/components/shell/shell.css";

export const metadata: Metadata = {
  title: "SaltBitter Back Office",
  description: "Back-office administration for SaltBitter",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ margin: 0 }}>
        <AntdClientEntry>
          <HydrationGate>{children}</HydrationGate>
        </AntdClientEntry>
      </body>
    </html>
  );
}
