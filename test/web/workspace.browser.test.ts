/**
 * The web workspace in a real browser (Debian Chromium through playwright-core, test/support/browser.ts):
 * a facility signs in, finds its failing submission, reads the failing field with its legal clause and the
 * highlighted XML line, opens the citizen's health-book preview, and cannot open another facility's
 * submission (404). Every page passes axe-core without serious violations and is photographed at 1,366 px
 * into test/screenshots/ for a human look.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import { mixedResult } from '../reports/fixtures.ts';
import { describeWithBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { SCREENSHOTS, checkPage, ensureScreenshotFolder, signIn as signInAs } from './browser-steps.ts';
import { encounterFor, envelopeOf, send, servePortal, type ServedPortal } from './portal.ts';


describeWithBrowser('web workspace in Chromium', () => {
  let browser: LaunchedBrowser;
  let portal: ServedPortal;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ensureScreenshotFolder();
    portal = await servePortal();
    const visit = encounterFor('noitru-bhyt', '52001');
    ids.valid = (await send(portal.url, '52001_BV', '52001', envelopeOf(visit))).maGiaoDich;
    ids.failing = (await send(portal.url, '52001_BV', '52001', envelopeOf(visit, 'XML1.SO_CCCD.FORMAT'))).maGiaoDich;
    ids.other = (await send(portal.url, '52002_BV', '52002', envelopeOf(encounterFor('kham-bhyt', '52002')))).maGiaoDich;
    ids.noReferral = (await send(portal.url, '52002_BV', '52002', envelopeOf(encounterFor('chuyentuyen-bhyt', '52002'), 'CROSS.DOCUMENT.XML13'))).maGiaoDich;
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  const signIn = (page: Page, username: string) => signInAs(browser, page, portal.url, username);

  it('a facility signs in, sees its failing submission, the field with its clause and the failing XML line', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${portal.url}/dang-nhap`);
    await checkPage(page, 'sign-in');
    await signIn(page, '52001_BV');

    await page.getByRole('heading', { name: 'Hồ sơ đã gửi lên Cổng' }).waitFor();
    const failingRow = page.locator('tr', { has: page.getByRole('link', { name: ids.failing }) });
    await expect(failingRow.textContent()).resolves.toContain('Không đạt');
    // only the facility's own submissions are listed
    await expect(page.locator('table').textContent()).resolves.not.toContain(ids.other);
    await checkPage(page, 'submissions');

    await page.getByRole('link', { name: ids.failing }).click();
    await page.getByRole('heading', { name: 'Kết luận theo trường' }).waitFor();
    const finding = page.locator('#findings-table tr[data-rule="XML1.SO_CCCD.FORMAT"]');
    await expect(finding.textContent()).resolves.toContain('SO_CCCD');
    await expect(finding.locator('td.clause').textContent()).resolves.toContain('Bảng 1, chỉ tiêu 5');
    await expect(finding.textContent()).resolves.toContain('không đúng quy định');

    // the decoded XML of XML1 with the failing line highlighted; the finding links to it
    await finding.getByRole('link', { name: /dòng XML \d+/ }).click();
    const highlighted = page.locator('.xml li.hl-fail');
    await highlighted.first().waitFor();
    await expect(highlighted.first().textContent()).resolves.toContain('SO_CCCD');

    // filter by rule (GET form; the script submits on change)
    await page.getByLabel('Quy tắc').selectOption('XML1.SO_CCCD.FORMAT');
    await page.waitForURL(/rule=XML1\.SO_CCCD\.FORMAT/);
    await expect(page.locator('#findings-count').textContent()).resolves.toMatch(/^1 kết luận/);
    await page.goto(`${portal.url}/ho-so/${ids.failing}`);
    await checkPage(page, 'submission');

    // English switch
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Field verdicts' }).waitFor();
    await expect(page.locator('#findings-table').textContent()).resolves.toContain('is not as required');
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Kết luận theo trường' }).waitFor();
    await page.close();
  });

  it('the health-book preview shows the visit, its documents, and what will be empty', async () => {
    const page = await browser.context.newPage();
    await signIn(page, '52001_BV');
    await page.goto(`${portal.url}/so-suc-khoe/${ids.valid}`);
    const phone = page.locator('#phone');
    await phone.getByRole('heading', { name: 'Sổ sức khỏe điện tử' }).waitFor();
    await expect(phone.textContent()).resolves.toContain('(a) Thông tin hành chính');
    await expect(phone.locator('[data-doc="discharge"]').textContent()).resolves.toContain('Giấy ra viện (XML7): có');
    await expect(phone.locator('[data-doc="referral"]').textContent()).resolves.toContain('sẽ trống');
    await expect(phone.textContent()).resolves.toContain('Dị ứng');
    await checkPage(page, 'health-book');
    await page.close();
  });

  it("a facility cannot open another facility's submission, report or health book (404)", async () => {
    const page = await browser.context.newPage();
    await signIn(page, '52001_BV');
    for (const path of [`/ho-so/${ids.other}`, `/ho-so/${ids.other}/bao-cao.json`, `/ho-so/${ids.other}/tep.xml`, `/so-suc-khoe/${ids.other}`]) {
      const res = await page.goto(`${portal.url}${path}`);
      expect(res?.status(), path).toBe(404);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Không tìm thấy|Không có hồ sơ/);
    }
    await page.close();
  });

  it('a trainer injects a named mistake in the playground and sees the rule that catches it, nothing stored', async () => {
    const stored = (await portal.store.countSubmissions()).total;
    const page = await browser.context.newPage();
    await signIn(page, 'TRAINER_52');
    await page.getByRole('heading', { name: /Thực hành/ }).waitFor();
    await checkPage(page, 'playground-form');
    await page.locator('select[name="scenario"]').selectOption('noitru-bhyt');
    await page.locator('select[name="rule"]').selectOption('XML1.SO_CCCD.FORMAT');
    await page.getByRole('button', { name: 'Chạy' }).click();
    const caught = page.locator('#verdict-caught');
    await caught.waitFor();
    await expect(caught.textContent()).resolves.toContain('Quy tắc XML1.SO_CCCD.FORMAT đã bắt được lỗi');
    await expect(caught.textContent()).resolves.toContain('Bảng 1, chỉ tiêu 5');
    await expect(page.locator('#side-correct').textContent()).resolves.toContain('Bản đúng');
    await expect(page.locator('#side-mutated').textContent()).resolves.toContain('XML1.SO_CCCD.FORMAT');
    await checkPage(page, 'playground-result');
    expect((await portal.store.countSubmissions()).total).toBe(stored);
    // the playground is the trainers'; a facility account does not have it
    await signIn(page, '52001_BV');
    expect((await page.goto(`${portal.url}/thuc-hanh`))?.status()).toBe(404);
    await page.close();
  });

  it('the per-file HTML report fits a 1,366-px screen: long values wrap, no horizontal scroll', async () => {
    const result = mixedResult();
    const long = `${'X'.repeat(160)} ${'lời giải thích rất dài '.repeat(12)}`;
    result.findings = result.findings.map((f) => ({ ...f, actual: f.actual ?? long.slice(0, 120), message_vi: `${f.message_vi} ${long}`, citation: { ...f.citation, clause: `${f.citation.clause} ${'điểm a khoản 2 '.repeat(8)}` } }));
    const dir = mkdtempSync(join(tmpdir(), 'sskdt-report-'));
    try {
      const file = join(dir, 'report.html');
      writeFileSync(file, renderHtml(result, { generatedAt: '2026-11-25T11:00:00.000Z', version: '0.1.0', initiallyShown: ['fail', 'error', 'warning', 'skip', 'pass', 'not-applicable'] }));
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.locator('#findings').waitFor();
      await expect(page.locator('#findings').textContent()).resolves.toContain('lời giải thích rất dài');
      const overflow = await page.evaluate(() => ({ page: document.documentElement.scrollWidth - document.documentElement.clientWidth, table: document.getElementById('findings')!.scrollWidth - document.getElementById('findings')!.parentElement!.clientWidth }));
      expect(overflow).toEqual({ page: 0, table: 0 });
      await page.screenshot({ path: `${SCREENSHOTS}/html-report.png`, fullPage: true });
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the Department sees its province's facilities and the records that lack a health-book document", async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'SYT_52');
    await page.getByRole('heading', { name: /Bảng theo dõi của Sở Y tế — tỉnh 52/ }).waitFor();
    await expect(page.locator('#facilities').textContent()).resolves.toContain('52002');
    const referral = page.locator('#coverage tr', { hasText: '52002' }).locator('td[data-doc="referral"]');
    await expect(referral.textContent()).resolves.toContain('0/1');
    // the six-monthly PL01 Đ8 matrix of the current half-year, with its exports
    await expect(page.locator('#six-monthly').textContent()).resolves.toContain('Báo cáo 6 tháng');
    await expect(page.locator('#six-monthly-total').textContent()).resolves.toContain('Điều trị nội trú');
    const csv = await page.request.get(`${portal.url}${await page.getByRole('link', { name: 'CSV' }).getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('TOAN_TINH');
    await checkPage(page, 'province-board');
    await referral.getByRole('link', { name: '1 hồ sơ thiếu' }).click();
    await page.locator('#active-filter').waitFor();
    await expect(page.locator('table').textContent()).resolves.toContain(ids.noReferral);
    await expect(page.locator('table').textContent()).resolves.not.toContain(ids.other);
    await page.close();
  });

  it('/doc shows the OpenAPI operations to a browser', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${portal.url}/doc`);
    await page.getByRole('link', { name: /POST \/api\/token\/take/ }).first().waitFor();
    await page.locator('summary', { hasText: '/api/sim/ketqua/{maGiaoDich}' }).click();
    await expect(page.locator('details[open]').textContent()).resolves.toContain('simulator-only');
    await checkPage(page, 'doc');
    await page.close();
  });
});
