/**
 * Steps the browser tests of the web workspace share: sign in through the form as a user does, and check a
 * page (axe-core, no serious violations) before photographing it into test/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LaunchedBrowser } from '../support/browser.ts';
import { seriousViolations } from './axe.ts';

export const SCREENSHOTS = resolve('test/screenshots');

export function ensureScreenshotFolder(): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** Sign in with the demo password and wait until the header names the user. */
export async function signIn(browser: LaunchedBrowser, page: Page, baseUrl: string, username: string): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('sskdt-demo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText(username, { exact: true }).waitFor();
}

/** No serious accessibility violations, then a full-page screenshot named `name`. */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
