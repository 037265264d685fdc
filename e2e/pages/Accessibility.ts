import { AxeBuilder } from "@axe-core/playwright";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export type ColorMode = "light" | "dark";

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules the back office promises to pass (issue #12). */
export const wcagAA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The same key components/shell/colorMode.tsx reads. */
const colorModeKey = "sb-color-mode";

/** Every page of this context opens in `mode`, as if the staff member had chosen it with the header switch before. */
export async function useColorMode(context: BrowserContext, mode: ColorMode) {
  await context.addInitScript(
    ([key, value]) => {
      // about:blank (a new page before its first navigation) has no storage.
      if (window.location.protocol.startsWith("http")) window.localStorage.setItem(key, value);
    },
    [colorModeKey, mode] as const,
  );
}

/**
 * Switches the open page to `mode` as a choice made in another tab would (the shell follows the
 * `storage` event): the same screen is then checked in the other mode without loading it again.
 */
export async function switchColorMode(page: Page, mode: ColorMode) {
  await page.evaluate(
    ([key, value]) => {
      const oldValue = window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
      window.dispatchEvent(new StorageEvent("storage", { key, oldValue, newValue: value }));
    },
    [colorModeKey, mode] as const,
  );
}

/**
 * Waits until the screen is what a person would look at: hydrated, in the requested colour mode,
 * nothing loading, and antd's transitions over (a half-faded control has no fixed contrast).
 */
export async function settle(page: Page, mode: ColorMode) {
  // Generous: on a loaded 2-core machine hydration alone can take 10 s.
  await expect(page.locator('[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator(`[data-color-mode="${mode}"]`).first()).toBeAttached();
  await page.waitForLoadState("networkidle").catch(() => {
    // A screen that keeps polling never goes idle; the spinner checks below still hold.
  });
  await expect(page.locator(".ant-spin-spinning, .ant-skeleton-active")).toHaveCount(0, { timeout: 20_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        // antd's motion (0.1–0.3 s CSS transitions and animations, a colour mode switch included) is
        // over when no finite animation is left running; two frames after that the styles are final.
        // Looked for after two frames, by when a change just made has started its transitions.
        // Endless ones (an icon's spin) are not waited for; nor is anything past a second.
        const giveUpAt = performance.now() + 1_000;
        const moving = () =>
          document
            .getAnimations()
            .some(
              (animation) =>
                animation.playState === "running" &&
                animation.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY,
            );
        const finish = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        const check = () => (moving() && performance.now() < giveUpAt ? setTimeout(check, 50) : finish());
        requestAnimationFrame(() => requestAnimationFrame(check));
      }),
  );
}

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  count: number;
  targets: string[];
  /** axe's explanation for the first element ("Element has insufficient color contrast of 3.36 …"). */
  why: string;
}

/** Runs axe with the WCAG A/AA rules over the page and returns the critical and serious findings, one per rule. */
export async function seriousViolations(
  page: Page,
  exclude: string[] = [],
  rules: readonly string[] = [],
): Promise<AxeFinding[]> {
  // `rules` narrows the WCAG A/AA set to those rules (axe runs one or the other, never both).
  // Legacy mode runs axe.run in the page itself: the default opens a blank page per scan to merge
  // per-frame results, and our screens have no cross-origin frames for it to reach. Only violations
  // are collected in full (passes and incomplete keep one node per rule, so axe builds no selector
  // for each passing element). Together a third of the time of a scan, with the same violations.
  let builder = new AxeBuilder({ page }).setLegacyMode().options({
    runOnly: rules.length ? { type: "rule", values: [...rules] } : { type: "tag", values: wcagAA },
    resultTypes: ["violations"],
  });
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === "critical" || violation.impact === "serious")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? "",
      help: violation.help,
      count: violation.nodes.length,
      targets: violation.nodes.map((node) => node.target.join(" ")),
      why: (violation.nodes[0]?.failureSummary ?? "").replace(/\s+/g, " ").trim(),
    }));
}

/** One line per rule, then its first targets: readable in a CI log. */
export function summarize(findings: AxeFinding[]): string {
  return findings
    .map((finding) => {
      const shown = finding.targets.slice(0, 5).map((target) => `      ${target}`);
      const more = finding.targets.length > 5 ? [`      … and ${finding.targets.length - 5} more`] : [];
      const why = `      why (first): ${finding.why}`;
      return [`  ${finding.impact} ${finding.rule} ×${finding.count}: ${finding.help}`, why, ...shown, ...more].join(
        "\n",
      );
    })
    .join("\n");
}

/** Scans the settled page and fails with the summary when anything critical or serious is found. */
export async function expectAccessible(
  page: Page,
  screen: string,
  mode: ColorMode,
  exclude: string[] = [],
  rules: readonly string[] = [],
) {
  await settle(page, mode);
  const findings = await seriousViolations(page, exclude, rules);
  expect(findings.length, `${screen} (${mode} mode): critical/serious axe violations\n${summarize(findings)}`).toBe(0);
}

export const colorModes: ColorMode[] = ["light", "dark"];

/**
 * The WCAG A/AA rules whose outcome depends on colours. Switching the colour mode changes the
 * theme's colours only, not the page's elements, names or roles (the shell switches without a
 * reload), so the dark pass runs these and leaves the rest to the light pass: a third of CI's
 * accessibility time was the same structural checks run twice.
 */
export const colorRules = ["color-contrast", "link-in-text-block"] as const;

/** The screen as it is now, scanned in light mode (every rule) and then in dark mode (the colour rules). */
export async function expectAccessibleInBothModes(page: Page, screen: string, exclude: string[] = []) {
  for (const mode of colorModes) {
    await switchColorMode(page, mode);
    await expectAccessible(page, screen, mode, exclude, mode === "dark" ? colorRules : []);
  }
}
