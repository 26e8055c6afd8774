import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError, getErrorMessage } from '../../api/errors';
import { createI18n } from '../../i18n/createI18n';
import { renderWithProviders } from '../../test/render';
import { LaunchProgressBar } from './LaunchProgressBar';

describe('LaunchProgressBar', () => {
  it('shows a queued launch’s place in line as an English ordinal', async () => {
    await renderWithProviders(<LaunchProgressBar event={{ phase: 'queued', position: 3 }} />);
    expect(screen.getByRole('progressbar')).toHaveAttribute(
      'aria-valuetext',
      'Waiting in line: 3rd',
    );
    expect(screen.getByText('Waiting in line: 3rd')).toBeInTheDocument();
  });

  it('says the place in German with a full stop', async () => {
    await renderWithProviders(<LaunchProgressBar event={{ phase: 'queued', position: 1 }} />, {
      lang: 'de',
    });
    expect(screen.getByText('Warten in der Schlange: 1.')).toBeInTheDocument();
  });
});

describe('quota_exceeded', () => {
  const en = createI18n('en').t;
  const de = createI18n('de').t;
  const refused = (scope: 'user' | 'platform', limit: number) =>
    new ApiError(429, { error: 'quota_exceeded', message: 'x', quota: { scope, limit } });

  it('names the person’s limit and what to do', () => {
    expect(getErrorMessage(refused('user', 2), en)).toBe(
      'You have 2 containers running, the most allowed per person. Stop one on your dashboard, then try again.',
    );
    expect(getErrorMessage(refused('user', 1), de)).toMatch(/^Du hast 1 Container laufen/);
  });

  it('names the platform’s limit', () => {
    expect(getErrorMessage(refused('platform', 50), en)).toContain('(50)');
    expect(getErrorMessage(refused('platform', 50), de)).toMatch(/^Auf der Plattform/);
  });
});
