import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCHEMES = ['light', 'dark'] as const;

/** One block per rule: what is wrong, where, and axe's advice on fixing it. */
function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => {
        const summary = (n.failureSummary ?? '').replace(/\n\s*/g, '\n      ');
        return `  - ${n.target.join(' ')}\n      ${n.html}\n      ${summary}`;
      });
      return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n\n');
}

/** Waits for running transitions (colour changes after a scheme switch), not for spinners. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        // One cancelled meanwhile (the element changed or went) is settled too.
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/**
 * Runs axe on the page as it is, in the light and the dark colour scheme,
 * saving a screenshot of each; every violation fails the test (softly, so
 * one run reports both schemes).
 */
export async function expectAccessible(page: Page, name: string, testInfo: TestInfo) {
  // Hover colours are not what the page looks like at rest.
  await page.mouse.move(0, 0);
  for (const scheme of SCHEMES) {
    await test.step(`axe: ${name}, ${scheme}`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await settle(page);
      await page.screenshot({ path: testInfo.outputPath(`${name}-${scheme}.png`), fullPage: true });
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      // The report goes in the message, which Playwright prints as it is.
      const report = `axe: ${violations.length} violation(s) on ${name} (${scheme})\n\n${formatViolations(violations)}`;
      expect.soft(violations.length, report).toBe(0);
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
