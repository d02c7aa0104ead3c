// The browser helper's decisions (skip or fail, which binary), without launching anything.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserAvailability, chromiumPath, DEFAULT_CHROMIUM_PATH, inCi } from './browser.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('test/support/browser', () => {
  it('takes the binary from CHROMIUM_PATH, else Debian\'s', () => {
    vi.stubEnv('CHROMIUM_PATH', '');
    expect(chromiumPath()).toBe(DEFAULT_CHROMIUM_PATH);
    vi.stubEnv('CHROMIUM_PATH', '/opt/chrome/chrome');
    expect(chromiumPath()).toBe('/opt/chrome/chrome');
  });

  it('explains a missing binary and how to fix it', () => {
    const availability = browserAvailability('/nonexistent/chromium');
    expect(availability.available).toBe(false);
    if (availability.available) return;
    expect(availability.reason).toContain('/nonexistent/chromium');
    expect(availability.reason).toContain('CHROMIUM_PATH');
    expect(browserAvailability(process.execPath).available).toBe(true);
  });

  it('treats CI=1/true as CI and CI unset, empty, 0 or false as not', () => {
    for (const [value, expected] of [['1', true], ['true', true], ['', false], ['0', false], ['false', false]] as const) {
      vi.stubEnv('CI', value);
      expect(inCi(), `CI=${value}`).toBe(expected);
    }
    vi.stubEnv('CI', undefined);
    expect(inCi()).toBe(false);
  });
});
