/**
 * `verify` over bad bundles: a changed byte in any file, a missing or extra file, a signature by another key,
 * a truncated zip, a zip bomb, entries named with `..` or an absolute path. Each is NOT VALID with the problem
 * named, nothing is written to disk, nothing crashes. Every line is also said in Vietnamese (the Department's
 * reviewer reads those on /kiem-tra-goi and under each line of the CLI).
 */
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QD2733_PILOT_PLAN } from '../../conformance/plans/index.ts';
import { writeBundle } from '../../reports/evidence/bundle.ts';
import { signDetached } from '../../reports/evidence/cms.ts';
import { DEFAULT_VERIFY_LIMITS, verifyBundle, type BundleVerification } from '../../reports/evidence/verify.ts';
import { loadOrCreateLabKey, type LabKey } from '../../simulator/certification/lab-key.ts';
import { runOffline } from '../../simulator/certification/offline.ts';
import { run } from '../cli/run-cli.ts';
import { copyFolder, generate, tempDir, testRegistry } from './helpers.ts';

let root: string;
let labKey: LabKey;
let otherKey: LabKey;
let bundle: Buffer;
let entries: Map<string, Buffer>;

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      z.on('entry', (e: yauzl.Entry) => z.openReadStream(e, (e2, s) => {
        if (e2 || !s) return reject(e2);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => {
          out.set(e.fileName, Buffer.concat(chunks));
          z.readEntry();
        });
      }));
      z.on('end', () => resolve(out));
      z.readEntry();
    });
  });
}

async function zipOf(files: Iterable<[string, Buffer]>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, bytes] of files) z.addBuffer(bytes, name, { mtime: new Date('2026-11-21T00:00:00Z') });
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** A letter only Vietnamese spelling has: the line was written in Vietnamese, not left in English. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

/** Every line of the verification has its Vietnamese twin, line for line: non-empty, Vietnamese, not the English. */
function expectBilingual(v: BundleVerification, label = '') {
  const pairs: [string, string][] = [];
  for (const c of v.checks) {
    expect(c.details_vi, `${label} ${c.id}`).toHaveLength(c.details.length);
    c.details.forEach((en, i) => pairs.push([en, c.details_vi[i]]));
  }
  expect(v.problems_vi, label).toHaveLength(v.problems.length);
  expect(v.verified_vi, label).toHaveLength(v.verified.length);
  v.problems.forEach((en, i) => pairs.push([en, v.problems_vi[i]]));
  v.verified.forEach((en, i) => pairs.push([en, v.verified_vi[i]]));
  expect(pairs.length, label).toBeGreaterThan(0);
  for (const [en, vi] of pairs) {
    expect(vi, `${label}: ${en}`).toMatch(VIETNAMESE);
    expect(vi, `${label}: ${en}`).not.toBe(en);
  }
}

/** The Vietnamese lines of one check. */
const vi = (v: BundleVerification, id: string) => v.checks.find((c) => c.id === id)!.details_vi;

beforeAll(async () => {
  root = tempDir('sskdt-verify-');
  const gen = path.join(root, 'gen');
  await generate(gen, ['--scenario', 'kham-bhyt,noitru-vienphi', '--seed', '3', '--count', '1']);
  labKey = loadOrCreateLabKey(path.join(root, 'data'));
  otherKey = loadOrCreateLabKey(path.join(root, 'other'));
  const folder = path.join(root, 'in');
  copyFolder(gen, folder);
  const o = runOffline({ folder, facility: { maCSKCB: '52001' }, plan: QD2733_PILOT_PLAN, at: new Date('2026-11-21T00:00:00Z'), registry: testRegistry(), registrySource: 'test PKI', ranBy: 'test' });
  bundle = await writeBundle(o, { labKey });
  entries = await unzip(bundle);
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('verify', () => {
  it('accepts the bundle as written', async () => {
    const v = await verifyBundle(bundle, labKey.certPem);
    expect(v).toMatchObject({ ok: true, problems: [] });
    expect(v.checks.map((c) => `${c.id} ${c.outcome}`)).toEqual(['zip pass', 'manifest pass', 'signature pass', 'files pass', 'extra pass']);
    expectBilingual(v, 'valid');
    expect(vi(v, 'signature')[0]).toMatch(new RegExp(`^chữ ký trên manifest\\.json: hợp lệ; bên ký: .* \\(SHA-256 ${labKey.fingerprintSha256}\\); ký lúc 2026-11-21T00:00:00\\.000Z$`));
    expect(vi(v, 'files')[0]).toMatch(/^(\d+)\/\1 tệp khớp SHA-256 và kích thước ghi trong manifest\.json$/);
  });

  it('fails for one changed byte in every file of the bundle, each in turn, naming the file', async () => {
    expect(entries.size).toBeGreaterThan(8);
    for (const [name, bytes] of entries) {
      for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
        const changed = Buffer.from(bytes);
        changed[at] ^= 0x01;
        const v = await verifyBundle(await zipOf([...entries].map(([n, b]) => [n, n === name ? changed : b])), labKey.certPem);
        expect(v.ok, `${name} byte ${at}`).toBe(false);
        const named = name === 'manifest.json' || name === 'manifest.p7s' ? /signature of manifest\.json|manifest\.json/ : new RegExp(name.replace(/[.]/g, '\\.'));
        expect(v.problems.join('\n'), `${name} byte ${at}`).toMatch(named);
        // a changed manifest.p7s reaches many of the CMS parser's refusals: each has its Vietnamese reason
        expectBilingual(v, `${name} byte ${at}`);
      }
    }
  });

  it('fails for a missing file and for an extra file', async () => {
    const name = [...entries.keys()].find((n) => n.startsWith('results/'))!;
    const missing = await verifyBundle(await zipOf([...entries].filter(([n]) => n !== name)), labKey.certPem);
    expect(missing.problems).toContain(`missing file: ${name}`);
    const extra = await verifyBundle(await zipOf([...entries, ['notes.txt', Buffer.from('x')]]), labKey.certPem);
    expect(extra.problems).toContain('extra file not in the manifest: notes.txt');
    const noSig = await verifyBundle(await zipOf([...entries].filter(([n]) => n !== 'manifest.p7s')), labKey.certPem);
    expect(noSig.problems).toContain('manifest.p7s is missing');
    // the same outcome check by check (what the verification page shows)
    const outcomes = (v: Awaited<ReturnType<typeof verifyBundle>>) => Object.fromEntries(v.checks.map((c) => [c.id, c.outcome]));
    expect(outcomes(missing)).toEqual({ zip: 'pass', manifest: 'pass', signature: 'pass', files: 'fail', extra: 'pass' });
    expect(missing.checks.find((c) => c.id === 'files')!.details).toEqual([`missing file: ${name}`]);
    expect(vi(missing, 'files')).toEqual([`thiếu tệp: ${name}`]);
    expect(vi(extra, 'extra')).toEqual(['tệp thừa, không có trong manifest: notes.txt']);
    expect(vi(noSig, 'signature')).toEqual(['thiếu tệp manifest.p7s']);
    for (const [label, v] of Object.entries({ missing, extra, noSig })) expectBilingual(v, label);
    expect(outcomes(extra)).toEqual({ zip: 'pass', manifest: 'pass', signature: 'pass', files: 'pass', extra: 'fail' });
    expect(outcomes(noSig)).toMatchObject({ signature: 'fail', files: 'pass' });
    const notZip = await verifyBundle(Buffer.from('not a zip'), labKey.certPem);
    expect(outcomes(notZip)).toEqual({ zip: 'fail', manifest: 'fail', signature: 'fail', files: 'not-checked', extra: 'not-checked' });
    expectBilingual(notZip, 'not a zip');
    expect(vi(notZip, 'zip')[0]).toMatch(/^không phải tệp zip đọc được \(bị cắt cụt hoặc hỏng\)/);
  });

  it('says a changed file, a missing manifest and a changed manifest in Vietnamese too', async () => {
    const name = [...entries.keys()].find((n) => n.startsWith('results/'))!;
    const changed = await verifyBundle(await zipOf([...entries].map(([n, b]) => [n, n === name ? Buffer.concat([b, Buffer.from(' ')]) : b])), labKey.certPem);
    expectBilingual(changed, 'changed file');
    expect(changed.problems).toEqual([`changed file: ${name} has ${entries.get(name)!.length + 1} bytes, the manifest says ${entries.get(name)!.length}`]);
    expect(changed.problems_vi).toEqual([`tệp đã bị thay đổi: ${name} có ${entries.get(name)!.length + 1} byte, manifest ghi ${entries.get(name)!.length} byte`]);

    const noManifest = await verifyBundle(await zipOf([...entries].filter(([n]) => n !== 'manifest.json')), labKey.certPem);
    expectBilingual(noManifest, 'no manifest');
    expect(vi(noManifest, 'manifest')).toEqual(['thiếu tệp manifest.json']);

    const m = Buffer.from(entries.get('manifest.json')!);
    m[m.length - 2] ^= 0x01;
    const changedManifest = await verifyBundle(await zipOf([...entries].map(([n, b]) => [n, n === 'manifest.json' ? m : b])), labKey.certPem);
    expectBilingual(changedManifest, 'changed manifest');
    // the CMS verifier's own reason, in Vietnamese, after the page's lead
    expect(vi(changedManifest, 'signature')).toEqual(['chữ ký trên manifest.json không hợp lệ: nội dung không khớp giá trị băm đã ký (tệp đã bị thay đổi sau khi ký)']);
  });

  it('fails for a signature by another key, and when trusting another lab', async () => {
    const manifest = entries.get('manifest.json')!;
    const resigned = Buffer.from(signDetached(manifest, otherKey.keyPem, otherKey.certPem, new Date('2026-11-21T00:00:00Z')));
    const v = await verifyBundle(await zipOf([...entries].map(([n, b]) => [n, n === 'manifest.p7s' ? resigned : b])), labKey.certPem);
    expect(v.ok).toBe(false);
    expect(v.problems.join('\n')).toMatch(/does not vouch/);
    expectBilingual(v, 'signed by another key');
    expect(vi(v, 'signature')[0]).toMatch(/^chữ ký trên manifest\.json không hợp lệ: được ký bằng một chứng thư không phải chứng thư tin cậy/);
    const trustingOther = await verifyBundle(bundle, otherKey.certPem);
    expect(trustingOther.ok).toBe(false);
    expectBilingual(trustingOther, 'trusting another lab');
  });

  it('fails for a truncated or garbage zip without crashing', async () => {
    for (const cut of [10, 100, Math.floor(bundle.length / 2), bundle.length - 10]) {
      const v = await verifyBundle(bundle.subarray(0, cut), labKey.certPem);
      expect(v.ok, `cut at ${cut}`).toBe(false);
      expect(v.problems.join('\n')).toMatch(/zip/);
    }
    expect((await verifyBundle(Buffer.from('not a zip at all'), labKey.certPem)).problems[0]).toMatch(/not a readable zip/);
  });

  it('refuses a zip bomb without inflating it', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024);
    const v = await verifyBundle(await zipOf([...entries, ['bomb.bin', bomb]]), labKey.certPem);
    expect(v.ok).toBe(false);
    expect(v.problems.join('\n')).toMatch(/bomb\.bin" expands \d+× \(zip bomb\?\)/);
    expectBilingual(v, 'zip bomb');
    expect(v.problems_vi.join('\n')).toMatch(/tệp "bomb\.bin" giải nén ra gấp \d+ lần \(nghi là zip bomb\): không đọc/);
  });

  it('says an oversized entry and an oversized bundle in Vietnamese too', async () => {
    const name = [...entries.keys()].find((n) => n.startsWith('results/'))!;
    const entryLimit = { ...DEFAULT_VERIFY_LIMITS, maxEntryBytes: entries.get(name)!.length - 1 };
    const big = await verifyBundle(bundle, labKey.certPem, entryLimit);
    expect(big.ok).toBe(false);
    expectBilingual(big, 'oversized entry');
    expect(big.problems_vi).toContain(`tệp "${name}" khai báo kích thước ${entries.get(name)!.length} byte, vượt giới hạn ${entryLimit.maxEntryBytes} byte`);
    const tooBig = await verifyBundle(bundle, labKey.certPem, { ...DEFAULT_VERIFY_LIMITS, maxBundleBytes: 1000 });
    expectBilingual(tooBig, 'oversized bundle');
    expect(tooBig.problems_vi).toEqual([`gói có kích thước ${bundle.length} byte, vượt giới hạn 1000 byte`]);
  });

  it('refuses entries that climb out with .. or are absolute, and never writes files', async () => {
    // yazl will not write such names: write same-length placeholders and patch the name bytes
    const zip = await zipOf([...entries, ['xx/evil.txt', Buffer.from('pwned')], ['Xetc/passwd', Buffer.from('root')]]);
    const patched = Buffer.from(zip.toString('latin1').replaceAll('xx/evil.txt', '../evil.txt').replaceAll('Xetc/passwd', '/etc/passw'.padEnd(11, 'd')), 'latin1');
    const before = new Set(fs.readdirSync(path.dirname(root)));
    const v = await verifyBundle(patched, labKey.certPem);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(expect.arrayContaining([expect.stringMatching(/"\.\.\/evil\.txt" climbs out/), expect.stringMatching(/absolute name/)]));
    expectBilingual(v, 'climbing names');
    expect(v.problems_vi).toEqual(expect.arrayContaining(['tệp "../evil.txt" dùng ".." để trỏ ra ngoài gói', 'tệp "/etc/passwd" có tên là đường dẫn tuyệt đối']));
    expect(fs.existsSync(path.join(path.dirname(root), 'evil.txt'))).toBe(false);
    expect(new Set(fs.readdirSync(path.dirname(root)))).toEqual(before);
  });

  it('CLI: exits 1 naming the changed file, 3 without a certificate to trust', async () => {
    const name = [...entries.keys()].find((n) => n.startsWith('submissions/'))!;
    const changed = Buffer.from(entries.get(name)!);
    changed[changed.length - 2] ^= 0x20;
    const file = path.join(root, 'changed.zip');
    fs.writeFileSync(file, await zipOf([...entries].map(([n, b]) => [n, n === name ? changed : b])));
    const labPem = path.join(root, 'lab.pem');
    fs.writeFileSync(labPem, labKey.certPem);
    const r = await run(root, ['verify', file, '--lab-certificate', labPem]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOT VALID/);
    expect(r.stdout).toContain(`PROBLEM: changed file: ${name}`);
    // the Vietnamese line right under the English one
    expect(r.stdout).toContain(`PROBLEM: changed file: ${name} does not match its SHA-256 in the manifest\n           tệp đã bị thay đổi: ${name} không khớp SHA-256 ghi trong manifest\n`);
    expect(r.stdout).toMatch(/\n {2}ok: signature of manifest\.json: valid.*\n {6}chữ ký trên manifest\.json: hợp lệ/);
    const none = await run(root, ['verify', file, '--data-dir', path.join(root, 'nowhere')]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('--lab-certificate');
  });
});
