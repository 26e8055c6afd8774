import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from './I18nProvider';
import { useLanguage } from './useLanguage';

function ToEnglish() {
  const { setLanguage } = useLanguage();
  return (
    <button type="button" onClick={() => setLanguage('en')}>
      English
    </button>
  );
}

describe('the language cookie', () => {
  it('tells the server the shown language, and each change of it', () => {
    render(
      <I18nProvider initial="de">
        <ToEnglish />
      </I18nProvider>,
    );
    expect(document.cookie).toContain('spawner_lang=de');
    expect(document.documentElement.lang).toBe('de');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(document.cookie).toContain('spawner_lang=en');
    expect(document.cookie).not.toContain('spawner_lang=de');
  });
});
