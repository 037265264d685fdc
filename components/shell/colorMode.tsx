"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ConfigProvider, theme, type ThemeConfig } from "antd";

type Mode = "light" | "dark";
const storageKey = "sb-color-mode";

const ColorModeContext = createContext<{ mode: Mode; toggle: () => void }>({ mode: "light", toggle: () => {} });
export const useColorMode = () => useContext(ColorModeContext);

/**
 * antd's themes with WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for controls) on every background
 * antd puts text on (container, layout, elevated, table header, selected row). antd's defaults
 * miss it: secondary and tertiary text at 45 % opacity is 3.36:1, its link blue #1677ff on white
 * 4.1:1, its red and green fail on white and the dark theme's link blue is 3.5:1 on #141414.
 * Secondary text keeps antd's 65 %; tertiary, description and placeholder text move up; the dark
 * theme keeps darker fills under white text (buttons) and lighter blues for text (links, menus).
 */
const themes: Record<Mode, ThemeConfig> = {
  light: {
    algorithm: theme.defaultAlgorithm,
    token: {
      colorPrimary: "#0958d9",
      colorInfo: "#0958d9",
      colorLink: "#0958d9",
      colorError: "#cf1322",
      colorSuccess: "#237804",
      colorWarning: "#ad4e00",
      colorTextSecondary: "rgba(0, 0, 0, 0.65)",
      colorTextTertiary: "rgba(0, 0, 0, 0.6)",
      colorTextDescription: "rgba(0, 0, 0, 0.6)",
      colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
    },
  },
  dark: {
    algorithm: theme.darkAlgorithm,
    token: {
      colorPrimary: "#1668dc",
      colorInfo: "#1668dc",
      colorLink: "#4096ff",
      colorLinkHover: "#69b1ff",
      colorLinkActive: "#3c89e8",
      colorPrimaryText: "#4096ff",
      colorPrimaryTextHover: "#69b1ff",
      colorPrimaryTextActive: "#3c89e8",
      colorTextSecondary: "rgba(255, 255, 255, 0.65)",
      colorTextTertiary: "rgba(255, 255, 255, 0.55)",
      colorTextDescription: "rgba(255, 255, 255, 0.55)",
      colorTextPlaceholder: "rgba(255, 255, 255, 0.55)",
    },
  },
};

/**
 * Light/dark theme for antd, remembered in localStorage; around every page (the sign-in and error
 * pages too), so the staff member's choice holds everywhere. The mode is also set on <html>, where
 * `color-scheme` gives native scrollbars and form controls the same mode.
 */
export function ColorModeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<Mode>("light");
  useEffect(() => {
    // Read after mount: the server cannot know the stored preference.
    const stored = window.localStorage.getItem(storageKey);
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored === "dark" || stored === "light") setMode(stored);
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
