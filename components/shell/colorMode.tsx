"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ConfigProvider, theme } from "antd";
import { RefineThemes } from "@refinedev/antd";

type Mode = "light" | "dark";
const storageKey = "sb-color-mode";

const ColorModeContext = createContext<{ mode: Mode; toggle: () => void }>({ mode: "light", toggle: () => {} });
export const useColorMode = () => useContext(ColorModeContext);

/** Light/dark theme for antd, remembered in localStorage. */
export function ColorModeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<Mode>("light");
  useEffect(() => {
    // Read after mount: the server cannot know the stored preference.
    const stored = window.localStorage.getItem(storageKey);
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored === "dark" || stored === "light") setMode(stored);
  }, []);
  const toggle = useCallback(() => {
    setMode((current) => {
      const next = current === "dark" ? "light" : "dark";
      window.localStorage.setItem(storageKey, next);
      return next;
    });
  }, []);
  return (
    <ColorModeContext.Provider value={{ mode, toggle }}>
      <ConfigProvider
        theme={{
          ...RefineThemes.Blue,
          algorithm: mode === "dark" ? theme.darkAlgorithm : theme.defaultAlgorithm,
        }}
      >
        <div data-color-mode={mode}>{children}</div>
      </ConfigProvider>
    </ColorModeContext.Provider>
  );
}
