import { expect, test, type Page } from '@playwright/test';
import { newEmail, signIn } from './support/auth';
import { createAndOpen } from './support/dashboard';
import { docsScreenshot } from './support/screenshots';

async function cardBoxes(page: Page) {
  const boxes = await Promise.all(
    ['card-dev', 'card-prod'].map((id) => page.getByTestId(id).boundingBox()),
  );
  return boxes.map((b) => {
    if (!b) throw new Error('card not visible');
    return b;
  });
}

test('desktop shows cards side by side, a phone one column; light and dark', async ({ page }) => {
  await signIn(page, newEmail('ada'));
  // One running card and one not created, so the screenshots show both looks.
  await createAndOpen(page, 'dev');
  await page.mouse.move(0, 0);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (scheme === 'dark') expect(background).not.toBe('rgb(250, 250, 250)');

    await page.setViewportSize({ width: 1280, height: 800 });
    const [a, b] = await cardBoxes(page);
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    expect(Math.abs(a!.width - b!.width)).toBeLessThan(2);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    await page.screenshot({
      path: docsScreenshot(`dashboard-desktop-${scheme}.png`),
      fullPage: true,
    });

    await page.setViewportSize({ width: 390, height: 844 });
    const [p, q] = await cardBoxes(page);
    expect(Math.abs(p!.x - q!.x)).toBeLessThan(2);
    expect(Math.abs(p!.width - q!.width)).toBeLessThan(2);
    expect(q!.y).toBeGreaterThan(p!.y + p!.height - 1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: docsScreenshot(`dashboard-phone-${scheme}.png`),
      fullPage: true,
    });
  }
});

test('keyboard: Tab reaches the controls with a visible focus ring', async ({ page }) => {
  await signIn(page, newEmail('keys'));
  const seen: string[] = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const style = getComputedStyle(el);
      return {
        text: el.textContent?.trim() ?? '',
        outline: style.outlineStyle,
        width: style.outlineWidth,
        tag: el.tagName,
      };
    });
    if (!info || info.tag === 'BODY') continue;
    seen.push(info.text);
    expect(info.outline, `focus ring on ${info.tag} "${info.text}"`).not.toBe('none');
  }
  expect(seen).toEqual(expect.arrayContaining(['Sign out', 'Create & Open']));
});
