import { describe, expect, it } from 'vitest';
import { keepingOwnStorage } from './keptStorage';

describe('keepingOwnStorage', () => {
  it('puts the dashboard’s keys back after a call that cleared storage, not the others', async () => {
    localStorage.setItem('spawner.language', 'de');
    localStorage.setItem('app-state', 'left by an app');
    const answer = await keepingOwnStorage(() => {
      localStorage.clear(); // what Clear-Site-Data: "storage" does
      return Promise.resolve('signed in');
    });
    expect(answer).toBe('signed in');
    expect(localStorage.getItem('spawner.language')).toBe('de');
    expect(localStorage.getItem('app-state')).toBeNull();
  });

  it('keeps them when the call fails too', async () => {
    localStorage.setItem('spawner.next', '/alice-dev/');
    await expect(
      keepingOwnStorage(() => {
        localStorage.clear();
        return Promise.reject(new Error('offline'));
      }),
    ).rejects.toThrow('offline');
    expect(localStorage.getItem('spawner.next')).toBe('/alice-dev/');
  });
});
