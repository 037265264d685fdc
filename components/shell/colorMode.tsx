"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ConfigProvider } from "antd";
import { themes, type ColorMode as Mode } from "./themes";

const storageKey = "sb-color-mode";

const ColorModeContext = createContext<{ mode: Mode; toggle: () => void }>({ mode: "light", toggle: () => {} });
export const useColorMode = () => useContext(ColorModeContext);

/**
 * Light/dark theme for antd (components/shell/themes.ts, with AA contrast), remembered in
 * localStorage; around every page (the sign-in and error pages too), so the staff member's choice
 * holds everywhere. The mode is also set on <html>, where
 * `color-scheme` gives native scrollbars and form controls the same mode.
 */
export function ColorModeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<Mode>("light");
  useEffect(() => {
    // Read after mount: the server cannot know the stored preference.
    const stored = window.localStorage.getItem(storageKey);
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored === "dark" || stored === "light") setMode(stored);
    // A choice made in another tab of the back office applies here too.
    const follow = (event: StorageEvent) => {
      if (event.key === storageKey && (event.newValue === "dark" || event.newValue === "light"))
        setMode(event.newValue);
    };
    window.addEventListener("storage", follow);
    return () => window.removeEventListener("storage", follow);
  }, []);
  useEffect(() => {
    document.documentElement.style.colorScheme = mode;
  }, [mode]);
  const toggle = useCallback(() => {
    setMode((current) => {
      const next = current === "dark" ? "light" : "dark";
      window.localStorage.setItem(storageKey, next);
      return next;
    });
  }, []);
  return (
    <ColorModeContext.Provider value={{ mode, toggle }}>
      <ConfigProvider theme={themes[mode]}>
        <div data-color-mode={mode}>{children}</div>
      </ConfigProvider>
    </ColorModeContext.Provider>
  );
}
