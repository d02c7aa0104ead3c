/**
 * The HTML report in a real browser (Debian Chromium at /usr/bin/chromium, driven by playwright-core):
 * the verdict shows, the outcome/table filters change the visible rows, hostile values do not run, and a
 * screenshot goes to out/reports/html-report.png for a human look.
 *
 * Chromium missing is a FAILURE with a clear message, not a skip: CI installs it (apt-get install chromium).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import { mixedResult } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const outDir = resolve('out/reports');
let context: BrowserContext | undefined;
let profileDir: string | undefined;
let reportUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (the HTML report browser test needs it).`);
  }
  mkdirSync(outDir, { recursive: true });
  const result = mixedResult();
  result.subject.fileName = '<img src=x onerror="window.__pwned=2">.xml';
  const file = join(outDir, 'html-report.html');
  writeFileSync(file, renderHtml(result, { generatedAt: '2026-11-25T11:00:00.000Z', version: '0.1.0' }));
  reportUrl = pathToFileURL(file).href;
  profileDir = mkdtempSync(join(tmpdir(), 'sskdt-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    offline: true,
    viewport: { width: 1400, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('HTML report in Chromium', () => {
  it('shows the verdict, filters rows by outcome and table, and runs no injected script', async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(reportUrl);

    await expect(page.locator('#verdict').textContent()).resolves.toContain('KHÔNG ĐẠT');
    await expect(page.locator('#verdict').getAttribute('data-verdict')).resolves.toBe('fail');

    const visible = () => page.locator('#findings tbody tr:visible').count();
    // default: fail, error, warning, skip shown (4 of 8)
    expect(await visible()).toBe(4);
    await expect(page.locator('#visible-count').textContent()).resolves.toBe('4');

    await page.locator('input[name="outcome"][value="pass"]').check();
    expect(await visible()).toBe(7);

    await page.locator('input[name="outcome"][value="fail"]').uncheck();
    expect(await visible()).toBe(6);
    await expect(page.locator('#visible-count').textContent()).resolves.toBe('6');

    await page.locator('#filter-table').selectOption('XML1');
    expect(await visible()).toBe(3); // 2 passes + the skip in XML1 (the XML1 fail is unchecked)
    const tables = await page.locator('#findings tbody tr:visible td:nth-child(3)').allTextContents();
    expect(new Set(tables)).toEqual(new Set(['XML1']));

    await page.locator('input[name="outcome"][value="fail"]').check();
    await page.locator('#filter-table').selectOption('');

    // hostile values are shown as text and never executed
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator('#findings').textContent()).resolves.toContain('<script>window.__pwned=1</script>');
    expect(errors).toEqual([]);

    await page.screenshot({ path: join(outDir, 'html-report.png'), fullPage: true });
    expect(existsSync(join(outDir, 'html-report.png'))).toBe(true);
    await page.close();
  });
});
