import { describe, expect, it } from "vitest";
import { theme } from "antd";
import { themes, type ColorMode } from "@/components/shell/themes";

/**
 * WCAG 2.2 AA 1.4.3: text at least 4.5:1 against what it sits on, for every text colour of the
 * back office's two antd themes on every background antd paints under text. Computed from the
 * themes' own design tokens (antd's getDesignToken), with the WCAG relative-luminance formula.
 */
type Rgba = [number, number, number, number];

function parse(color: string): Rgba {
  const short = color.match(/^#([0-9a-f])([0-9a-f])([0-9a-f])$/i);
  if (short) return parse(`#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`);
  const hex = color.match(/^#([0-9a-f]{6})([0-9a-f]{2})?$/i);
  if (hex) {
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
    return [r, g, b, hex[2] ? parseInt(hex[2], 16) / 255 : 1];
  }
  const rgba = color.match(/^rgba?\(([^)]+)\)$/);
  if (!rgba) throw new Error(`not a colour: ${color}`);
  const [r, g, b, a = 1] = rgba[1].split(",").map(Number);
  return [r, g, b, a];
}

/** `top` painted over the opaque `under`. */
function over(top: Rgba, under: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Contrast of text `fg` on background `bg`; a translucent background lies over `page`. */
export function contrast(fg: string, bg: string, page: string): number {
  const background = over(parse(bg), parse(page));
  const text = over(parse(fg), background);
  const [hi, lo] = [luminance(text), luminance(background)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const presets = [
  "blue",
  "purple",
  "cyan",
  "green",
  "magenta",
  "pink",
  "red",
  "orange",
  "yellow",
  "volcano",
  "geekblue",
  "gold",
  "lime",
] as const;

const textTokens = [
  "colorText",
  "colorTextSecondary",
  "colorTextTertiary",
  "colorTextDescription",
  "colorTextPlaceholder",
  "colorTextHeading",
  "colorTextLabel",
  "colorLink",
  // Also text: the selected tab, menu entry and page number, outlined primary buttons.
  "colorPrimary",
  "colorPrimaryText",
  "colorInfo",
  "colorError",
  "colorErrorText",
  "colorSuccess",
  "colorSuccessText",
  "colorWarning",
  "colorWarningText",
] as const;
// The backgrounds text sits on: cards and inputs, the page, popovers and menus, table headers
// (colorFillAlter over the container), a selected row or menu entry.
const backgrounds = [
  "colorBgContainer",
  "colorBgLayout",
  "colorBgElevated",
  "colorFillAlter",
  "controlItemBgActive",
] as const;

describe.each(["light", "dark"] as ColorMode[])("the %s theme", (mode) => {
  const token = theme.getDesignToken(themes[mode]) as unknown as Record<string, string>;
  const page = token.colorBgContainer;
  const failures = (pairs: [string, string, string][]) =>
    pairs
      .map(([what, fg, bg]) => ({ what, ratio: contrast(fg, bg, page) }))
      .filter(({ ratio }) => ratio < 4.5)
      .map(({ what, ratio }) => `${what}: ${ratio.toFixed(2)}:1`);

  it("puts every text colour at 4.5:1 or more on every background", () => {
    const pairs = textTokens.flatMap((fg) =>
      backgrounds.map(
        (bg) => [`${fg} ${token[fg]} on ${bg} ${token[bg]}`, token[fg], token[bg]] as [string, string, string],
      ),
    );
    expect(failures(pairs)).toEqual([]);
  });

  it("puts the text of primary and danger buttons at 4.5:1 or more on their fill", () => {
    const button = themes[mode].components?.Button;
    const primaryText = button?.primaryColor ?? token.colorTextLightSolid;
    const dangerText = button?.dangerColor ?? token.colorTextLightSolid;
    const pairs: [string, string, string][] = [
      ...["colorPrimary", "colorPrimaryHover", "colorPrimaryActive"].map(
        (bg) =>
          [`primary button ${primaryText} on ${bg} ${token[bg]}`, primaryText, token[bg]] as [string, string, string],
      ),
      ...["colorError", "colorErrorHover", "colorErrorActive"].map(
        (bg) =>
          [`danger button ${dangerText} on ${bg} ${token[bg]}`, dangerText, token[bg]] as [string, string, string],
      ),
    ];
    expect(failures(pairs)).toEqual([]);
  });

  it("gives every tag colour readable text", () => {
    const preset = presets.map((key) => [`${key} tag`, token[`${key}7`], token[`${key}1`]] as [string, string, string]);
    const status = ["Success", "Info", "Error", "Warning"].map(
      (status) => [`${status} tag`, token[`color${status}`], token[`color${status}Bg`]] as [string, string, string],
    );
    const plain = [["default tag", token.colorText, token.colorFillQuaternary] as [string, string, string]];
    expect(failures([...preset, ...status, ...plain])).toEqual([]);
  });

  it("computes contrast as WCAG does (black on white 21:1, antd's old tertiary text 3.35:1)", () => {
    expect(contrast("#000000", "#ffffff", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("rgba(0, 0, 0, 0.45)", "#ffffff", "#ffffff")).toBeCloseTo(3.35, 2);
  });
});
