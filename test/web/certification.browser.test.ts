/**
 * Certification and readiness pages in a real browser (Debian Chromium through playwright-core): a facility
 * starts a run, its HIS sends records (in-process, through the portal's own API), the page follows the run
 * live over server-sent events, the facility finishes it and reads the verdict, downloads the signed bundle
 * and verifies it on the upload page, registers the run for readiness and uploads a document; the
 * Department approves the facility and reads its decision; 52001 cannot open 52002's run or readiness (404).
 * Every page passes axe-core without serious violations and is photographed into test/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCENARIOS } from '../../generators/scenarios.ts';
import { buildPackage } from '../../generators/package.ts';
import { addEvidence } from '../../simulator/certification/readiness.ts';
import { describeWithBrowser, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { checkPage, ensureScreenshotFolder, signIn as signInAs } from './browser-steps.ts';
import { encounterFor, hisClient, servePortal, type ServedPortal } from './portal.ts';

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

describeWithBrowser('certification and readiness pages in Chromium', () => {
  let browser: LaunchedBrowser;
  let portal: ServedPortal;

  beforeAll(async () => {
    ensureScreenshotFolder();
    portal = await servePortal();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  const signIn = (page: Page, username: string) => signInAs(browser, page, portal.url, username);

  it('a facility starts a run, follows it live to its verdict, verifies its bundle and registers it for readiness', { timeout: 240_000 }, async () => {
    const page = await browser.context.newPage();
    await signIn(page, '52001_BV');
    await page.getByRole('link', { name: 'Chứng nhận', exact: true }).click();
    await page.getByRole('heading', { name: 'Lượt chứng nhận', exact: true }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('Chưa có lượt chứng nhận nào.');
    await page.getByRole('button', { name: 'Bắt đầu lượt chứng nhận' }).click();
    await page.getByRole('heading', { name: /^Lượt chứng nhận run-52001-/ }).waitFor();
    const runUrl = page.url().replace(/\?.*$/, '');
    await expect(page.locator('#notice').textContent()).resolves.toContain('Đã mở lượt chứng nhận');
    const live = page.locator('#run-live');
    await expect(live.textContent()).resolves.toContain('0/22 kịch bản bắt buộc đạt');
    const checkin = page.locator('[data-scenario="checkin-xml0"] .state');
    await expect(checkin.textContent()).resolves.toBe('Chưa có hồ sơ');

    // the HIS sends its first visit: the page updates without a reload (server-sent events)
    const his = await hisClient(portal.url, '52001_BV', '52001');
    const sendVisit = async (scenarioId: string) => {
      const pkg = buildPackage(encounterFor(scenarioId, '52001', 'cert-web'));
      expect((await his.send('checkInKcbQd3176', pkg.checkin)).maKetQua).toBe('200');
      expect((await his.send('guiHoSoXmlQD3176', pkg.envelope)).maKetQua).toBe('200');
    };
    await sendVisit(SCENARIOS[0].id);
    await page.waitForFunction(() => document.getElementById('run-live')?.textContent?.includes('· 2 hồ sơ đã nhận'));
    await expect(checkin.textContent()).resolves.toBe('Đạt');
    await expect(live.textContent()).resolves.toMatch(/^[1-9]\d?\/22 kịch bản bắt buộc đạt · 2 hồ sơ đã nhận trong lượt/);
    await checkPage(page, 'certification-run-live');

    for (const s of SCENARIOS.slice(1)) await sendVisit(s.id);
    await page.waitForFunction(() => document.getElementById('run-live')?.textContent?.startsWith('22/22'));
    await expect(page.locator('#run-progress').getAttribute('value')).resolves.toBe('22');

    await page.getByRole('button', { name: 'Kết thúc lượt và xem kết luận' }).click();
    const verdict = page.locator('#run-verdict');
    await verdict.waitFor();
    await expect(verdict.textContent()).resolves.toContain('Kết luận: ĐẠT — cơ sở đã chứng minh đủ các kịch bản bắt buộc');
    await expect(page.locator('#timeline').textContent()).resolves.toContain('verdict pass');
    await checkPage(page, 'certification-run');

    // the signed evidence bundle, then the upload page verifies it check by check
    const bundle = await page.request.get(`${runUrl}/goi-bang-chung.zip`);
    expect(bundle.status()).toBe(200);
    expect(bundle.headers()['content-disposition']).toMatch(/^attachment; filename="run-52001-.*\.zip"$/);
    const zip = Buffer.from(await bundle.body());
    await page.getByRole('link', { name: 'Chứng nhận', exact: true }).click();
    await expect(page.locator('#runs').textContent()).resolves.toContain('Đạt');
    await checkPage(page, 'certification-runs');
    await page.getByRole('link', { name: 'Kiểm tra một gói bằng chứng đã tải về' }).click();
    await page.getByLabel('Gói bằng chứng (.zip)').setInputFiles({ name: 'goi.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    const result = page.locator('#verify-result');
    await result.waitFor();
    await expect(result.locator('h2').textContent()).resolves.toContain('HỢP LỆ — gói nguyên vẹn và do phòng lab này ký');
    await expect(result.locator('tr[data-check="signature"]').textContent()).resolves.toContain('Đạt');
    await expect(result.locator('tr[data-check="signature"]').textContent()).resolves.toContain('chữ ký trên manifest.json: hợp lệ; bên ký: ');
    await checkPage(page, 'verify-bundle');
    // one changed byte in the middle of the zip: the page says which check fails
    const changed = Buffer.from(zip);
    changed[Math.floor(changed.length / 2)] ^= 0xff;
    await page.getByLabel('Gói bằng chứng (.zip)').setInputFiles({ name: 'goi-sua.zip', mimeType: 'application/zip', buffer: changed });
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.locator('#verify-result h2', { hasText: 'KHÔNG HỢP LỆ' }).waitFor();
    await expect(page.locator('#verify-checks').textContent()).resolves.toContain('Không đạt');

    // register the run for readiness from its page, then upload a document for C4
    await page.goto(runUrl);
    await page.getByRole('button', { name: 'Đăng ký lượt này vào hồ sơ sẵn sàng (C1–C13)' }).click();
    await page.getByRole('heading', { name: /Sẵn sàng triển khai Sổ SKĐT — 52001/ }).waitFor();
    await expect(page.locator('#notice').textContent()).resolves.toContain('Đã đăng ký lượt chứng nhận');
    await expect(page.locator('#cond-C1').textContent()).resolves.toContain('Đã có bằng chứng');
    await expect(page.locator('#cond-C4').textContent()).resolves.toContain('Thiếu');
    await page.locator('select[name="condition"]').selectOption('C4');
    await page.getByLabel('Tên tài liệu (số, ngày, nơi ban hành)').fill('Tài khoản Cổng và lượt gửi thử, biên bản số 12/BB-BV ngày 01/11/2026');
    await page.getByLabel('Tệp', { exact: true }).setInputFiles({ name: 'bien-ban-C4.pdf', mimeType: 'application/pdf', buffer: PDF('C4') });
    await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await page.locator('#notice', { hasText: 'Đã tải lên tài liệu.' }).waitFor();
    await expect(page.locator('#cond-C4').textContent()).resolves.toContain('Đã có bằng chứng');
    await expect(page.locator('#cond-C4').textContent()).resolves.toContain('biên bản số 12/BB-BV');
    // the readiness page of a facility has no decision form: that is the Department's
    await expect(page.locator('#decide').count()).resolves.toBe(0);
    await checkPage(page, 'readiness');
    await page.close();
  });

  it('the Department sees the readiness column and approves the facility; the decision is signed and printable', { timeout: 120_000 }, async () => {
    // the remaining conditions a document evidences (the browser upload of one is exercised above)
    for (const c of ['C5', 'C6', 'C11', 'C12']) (await addEvidence(portal.store, { maCSKCB: '52001', conditionId: c, title: `Tài liệu ${c}`, fileName: `${c}.pdf`, content: PDF(c), by: '52001_BV', now: new Date() }));
    const page = await browser.context.newPage();
    await signIn(page, 'SYT_52');
    const row = page.locator('#facilities tr', { hasText: '52001' });
    await expect(row.locator('td[data-readiness]').textContent()).resolves.toContain('Đủ điều kiện, chờ Sở quyết định');
    await expect(page.locator('#facilities tr', { hasText: '52003' }).locator('td[data-readiness]').textContent()).resolves.toContain('Chưa đủ điều kiện');
    await row.getByRole('link', { name: 'Xem C1–C13 của 52001' }).click();
    await page.getByRole('heading', { name: /Sẵn sàng triển khai Sổ SKĐT — 52001/ }).waitFor();
    await page.getByLabel('Phê duyệt: đủ điều kiện triển khai').check();
    await page.getByRole('button', { name: 'Ghi quyết định' }).click();
    await page.locator('#notice', { hasText: 'Đã ghi quyết định' }).waitFor();
    await expect(page.locator('#latest-decision').textContent()).resolves.toContain('ĐẠT — đủ điều kiện triển khai thí điểm Sổ sức khỏe điện tử');
    await expect(page.locator('#readiness-state h2').textContent()).resolves.toContain('Đã phê duyệt');
    const pdf = await page.request.get(`${portal.url}${await page.getByRole('link', { name: 'PDF' }).getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(Buffer.from(await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const p7s = await page.request.get(`${portal.url}${await page.getByRole('link', { name: 'Chữ ký CMS (.p7s)' }).getAttribute('href')}`);
    expect(await p7s.text()).toContain('-----BEGIN PKCS7-----');
    await checkPage(page, 'readiness-decision');
    // the English switch keeps the page and says the same
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('#latest-decision').textContent()).resolves.toContain('APPROVED — ready for the electronic health book pilot');
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.getByRole('link', { name: 'Bảng theo dõi tỉnh' }).click();
    await expect(page.locator('#facilities tr', { hasText: '52001' }).locator('td[data-readiness]').textContent()).resolves.toContain('Đã phê duyệt');
    await checkPage(page, 'province-board-readiness');
    await page.close();
  });

  it("52001 cannot open 52002's run, its live events, bundle or readiness page (404)", { timeout: 60_000 }, async () => {
    const page = await browser.context.newPage();
    await signIn(page, '52002_BV');
    await page.goto(`${portal.url}/chung-nhan`);
    await page.getByRole('button', { name: 'Bắt đầu lượt chứng nhận' }).click();
    await page.getByRole('heading', { name: /^Lượt chứng nhận run-52002-/ }).waitFor();
    const other = page.url().replace(/\?.*$/, '');
    await signIn(page, '52001_BV');
    for (const url of [other, `${other}/su-kien`, `${other}/goi-bang-chung.zip`, `${portal.url}/san-sang/52002`, `${portal.url}/san-sang/52002/quyet-dinh/x.pdf`]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
    }
    await page.goto(other);
    await expect(page.locator('main').textContent()).resolves.toContain('Không tìm thấy');
    await page.goto(`${portal.url}/chung-nhan`);
    await expect(page.locator('#runs').textContent()).resolves.not.toContain('run-52002-');
    // the Department opens it: the open run with the waiver form
    await signIn(page, 'SYT_52');
    await page.goto(other);
    await page.getByText('Cấp miễn trừ cho một quy tắc (Sở Y tế)').click();
    await page.getByLabel('Quy tắc (mã)').fill('SIG.VALUE');
    await page.getByLabel('Lý do').fill('Chứng thư ký số mới đang chờ đăng ký với BHXH');
    await page.getByLabel('Hết hạn (ngày)').fill('2026-12-31');
    await page.getByRole('button', { name: 'Cấp miễn trừ' }).click();
    await page.locator('#notice', { hasText: 'Đã cấp miễn trừ' }).waitFor();
    await expect(page.locator('#waivers').textContent()).resolves.toContain('Chứng thư ký số mới đang chờ đăng ký với BHXH');
    await checkPage(page, 'certification-run-department');
    await page.close();
  });
});
