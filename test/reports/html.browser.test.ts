/**
 * The HTML report in a real browser (Chromium from test/support/browser.ts, driven by playwright-core):
 * the verdict shows, the outcome/table filters change the visible rows, hostile values do not run, and a
 * screenshot goes to out/reports/html-report.png for a human look.
 *
 * Chromium missing: skipped with the reason printed, or a failure when CI is set (CI installs it).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import { describeWithBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { mixedResult } from './fixtures.ts';

const outDir = resolve('out/reports');

describeWithBrowser('HTML report in Chromium', () => {
  let browser: LaunchedBrowser | undefined;
  let reportUrl: string;

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const result = mixedResult();
    result.subject.fileName = '<img src=x onerror="window.__pwned=2">.xml';
    const file = join(outDir, 'html-report.html');
    writeFileSync(file, renderHtml(result, { generatedAt: '2026-11-25T11:00:00.000Z', version: '0.1.0' }));
    reportUrl = pathToFileURL(file).href;
    browser = await launchBrowser({ offline: true, viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the verdict, filters rows by outcome and table, and runs no injected script', async () => {
    const page = await browser!.context.newPage();
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
