import { theme, type ThemeConfig } from "antd";
import type { MapToken, SeedToken } from "antd/es/theme/interface";

export type ColorMode = "light" | "dark";

/**
 * antd's light and dark themes, adjusted to WCAG 2.2 AA contrast: text at least 4.5:1 on every
 * background antd puts it on (container, page, popover, table header, selected row, tags).
 * antd's defaults miss it: tertiary and description text at 45 % opacity is 3.36:1, the blue
 * #1677ff is 4.1:1 on white (links, and white text on primary buttons), preset tag text (green-7 on
 * green-1 and others) 2–4.4:1, and in the dark theme the blue and red are 3.5–4.3:1 on #141414.
 * tests/a11y/themeContrast.test.ts checks every pair from the tokens below.
 *
 * antd's seeds (and so its palettes and tinted backgrounds) stay as they are; only the derived
 * colours used for text and fills move, in an algorithm run after antd's own.
 */

/** The palette step used for a preset tag's text (antd uses 7), per colour, where 7 is too faint. */
type PresetColor =
  | "blue"
  | "purple"
  | "cyan"
  | "green"
  | "magenta"
  | "pink"
  | "red"
  | "orange"
  | "yellow"
  | "volcano"
  | "geekblue"
  | "gold"
  | "lime";
type TagTextSteps = Partial<Record<PresetColor, number>>;

function withTagText(map: MapToken, steps: TagTextSteps): MapToken {
  const tokens = map as unknown as Record<string, string>;
  const adjusted: Record<string, string> = {};
  for (const [color, step] of Object.entries(steps)) adjusted[`${color}7`] = tokens[`${color}${step}`];
  return { ...map, ...adjusted };
}

/** Light: darker blue, red, green and orange where they are text or carry white text; stronger grey text. */
function accessibleLight(_seed: SeedToken, map?: MapToken): MapToken {
  const base = map ?? theme.defaultAlgorithm(_seed);
  return withTagText(
    {
      ...base,
      colorTextSecondary: "rgba(0, 0, 0, 0.65)",
      colorTextTertiary: "rgba(0, 0, 0, 0.6)",
      colorPrimary: base.blue7,
      colorPrimaryHover: base.blue8,
      colorPrimaryActive: base.blue9,
      colorPrimaryText: base.blue7,
      colorPrimaryTextHover: base.blue8,
      colorPrimaryTextActive: base.blue9,
      colorLink: base.blue7,
      colorLinkHover: base.blue8,
      colorLinkActive: base.blue9,
      colorInfo: base.blue7,
      colorInfoText: base.blue7,
      colorError: base.red7,
      colorErrorHover: base.red8,
      colorErrorActive: base.red9,
      colorErrorText: base.red7,
      colorSuccess: base.green8,
      colorSuccessText: base.green8,
      colorWarning: base.orange8,
      colorWarningText: base.orange8,
    },
    { cyan: 8, green: 8, orange: 8, yellow: 9, volcano: 8, gold: 9, lime: 9 },
  );
}

/**
 * Dark: blue, red and the status colours are light enough to read on the dark surfaces; the
 * text on primary and danger buttons is then dark (as in Material's dark theme), see `components`.
 */
function accessibleDark(_seed: SeedToken, map?: MapToken): MapToken {
  const base = map ?? theme.darkAlgorithm(_seed);
  return withTagText(
    {
      ...base,
      colorTextTertiary: "rgba(255, 255, 255, 0.55)",
      colorPrimary: base.blue8,
      colorPrimaryHover: base.blue9,
      colorPrimaryActive: base.blue7,
      colorPrimaryText: base.blue8,
      colorPrimaryTextHover: base.blue9,
      colorPrimaryTextActive: base.blue7,
      colorLink: base.blue8,
      colorLinkHover: base.blue9,
      colorLinkActive: base.blue7,
      colorInfo: base.blue8,
      colorInfoText: base.blue8,
      colorError: base.red8,
      colorErrorHover: base.red9,
      colorErrorActive: base.red7,
      colorErrorText: base.red8,
      colorSuccess: base.green8,
      colorSuccessText: base.green8,
    },
    { purple: 8, geekblue: 8 },
  );
}

/** Text on light fills in dark mode: antd's 88 % black. */
const darkOnFill = "rgba(0, 0, 0, 0.88)";

// Placeholders are text too (a select's placeholder is the only text in it): as strong as tertiary
// text. An alias token, so it is set here rather than in the algorithms.
export const themes: Record<ColorMode, ThemeConfig> = {
  light: {
    algorithm: [theme.defaultAlgorithm, accessibleLight],
    token: { colorTextPlaceholder: "rgba(0, 0, 0, 0.6)" },
  },
  dark: {
    algorithm: [theme.darkAlgorithm, accessibleDark],
    token: { colorTextPlaceholder: "rgba(255, 255, 255, 0.55)" },
    components: {
      Button: { primaryColor: darkOnFill, dangerColor: darkOnFill },
    },
  },
};
