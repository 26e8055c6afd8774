import { expect, test, type Browser, type Page } from '@playwright/test';
import { currentSlug, newEmail, signIn, url } from './support/auth';
import { expectAccessible } from './support/axe';
import { createAndOpen } from './support/dashboard';

/*
 * On the `limits` spawner (support/globalSetup.ts): one launch at a time
 * (MAX_CONCURRENT_LAUNCHES=1), one running container per person (MAX_RUNNING_PER_USER=1), and a
 * "slow" app that answers only some seconds after it starts.
 */

/** A person of their own, in a browser context of their own, signed in on the dashboard. */
async function signedIn(browser: Browser, label: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, newEmail(label));
  return page;
}

/** Clicks the card's Create & Open and closes the tab it opens; the launch goes on. */
async function startLaunch(page: Page, type: string) {
  const card = page.getByTestId(`card-${type}`);
  const popup = page.context().waitForEvent('page');
  await card.getByRole('button', { name: 'Create & Open' }).click();
  await (await popup).close();
  return card;
}

/** When the person's container of this type was made, as the API says. */
function createdAt(page: Page, type: string): Promise<string | null | undefined> {
  return page.evaluate(async (t) => {
    const res = await fetch('/api/user/containers');
    const body = (await res.json()) as {
      containers: { type: string; created_at: string | null }[];
    };
    return body.containers.find((c) => c.type === t)?.created_at;
  }, type);
}

test('launches beyond the concurrent limit wait in line, first come first served', async ({
  browser,
}, testInfo) => {
  const first = await signedIn(browser, 'first');
  const second = await signedIn(browser, 'second');
  const third = await signedIn(browser, 'third');
  const people = [first, second, third];
  const firstCard = await startLaunch(first, 'slow');
  // The first launch holds the one turn until its app answers, seconds from now.
  await expect(firstCard.getByTestId('launch-progress')).toHaveAttribute(
    'data-phase',
    /creating|starting|waiting/,
  );
  const secondProgress = (await startLaunch(second, 'slow')).getByTestId('launch-progress');
  await expect(secondProgress).toContainText('Waiting in line: 1st');
  const thirdProgress = (await startLaunch(third, 'slow')).getByTestId('launch-progress');
  await expect(thirdProgress).toContainText('Waiting in line: 2nd');
  // Two apps' start-up ahead of it: the longest a card stays like this.
  await expectAccessible(third, 'launch-queued', testInfo);

  for (const page of people) {
    await expect(page.getByTestId('card-slow').locator('[data-status]')).toHaveAttribute(
      'data-status',
      'running',
      { timeout: 60_000 },
    );
  }
  // One turn at a time, in the order they came: each container was made after the one before
  // it (a last-in-first-out line would have made the third's before the second's).
  const made = await Promise.all(people.map((page) => createdAt(page, 'slow')));
  expect(made.every(Boolean)).toBe(true);
  expect([...made].sort()).toEqual(made);
  for (const page of people) await page.context().close();
});

test('a launch past the person’s limit is refused with the limit and what to do', async ({
  page,
}, testInfo) => {
  await signIn(page, newEmail('quota'));
  await createAndOpen(page, 'echo');

  // From the dashboard: the card says which limit and what to do about it.
  const card = page.getByTestId('card-slow');
  const popup = page.context().waitForEvent('page');
  await card.getByRole('button', { name: 'Create & Open' }).click();
  await popup; // the dashboard closes it again when the launch is refused
  await expect(card.getByRole('alert')).toHaveText(
    'You have 1 container running, the most allowed per person. Stop it on your dashboard, then try again.',
  );
  await expectAccessible(page, 'launch-refused-quota', testInfo);

  // From the API: 429, the code and the limit, for clients that are not the dashboard.
  const answer = await page.evaluate(async () => {
    const res = await fetch('/api/container/launch/slow', { method: 'POST' });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  });
  expect(answer.status).toBe(429);
  expect(answer.body).toMatchObject({
    error: 'quota_exceeded',
    quota: { scope: 'user', limit: 1 },
  });

  // Start on request through the proxy: the same refusal as a page, with the way back.
  const slug = await currentSlug(page);
  const response = await page.goto(url(`/${slug}-slow/`));
  expect(response?.status()).toBe(429);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'You already run as many containers as you may (1). Stop one on your dashboard, then try again.',
  );
  await expectAccessible(page, 'quota-page', testInfo);

  // Once the running one is stopped, the same launch goes through.
  await page.goto(url('/'));
  const stopped = await page.evaluate(async () => {
    const res = await fetch('/api/container/echo/stop', { method: 'POST' });
    return res.status;
  });
  expect(stopped).toBe(200);
  await createAndOpen(page, 'slow');
});
