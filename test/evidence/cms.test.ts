/**
 * The lab signing key and detached CMS signatures: created once per data folder, deterministic with a fixed
 * signing time, and interoperable with OpenSSL in both directions (we sign → openssl verifies; openssl signs →
 * we verify), which is the promise made to a Department of Health reviewer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_CERT_FILE, LAB_KEY_FILE, loadOrCreateLabKey, type LabKey } from '../../simulator/certification/lab-key.ts';
import { signDetached, verifyDetached } from '../../reports/evidence/cms.ts';

let dir: string;
let key: LabKey;
let other: LabKey;
const content = Buffer.from('{"facility":"52001","verdict":"pass","ghiChu":"Bệnh viện Đa khoa tỉnh Bình Định"}\n', 'utf8');
const at = new Date('2026-11-20T09:00:00Z');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-cms-'));
  key = loadOrCreateLabKey(path.join(dir, 'data'));
  other = loadOrCreateLabKey(path.join(dir, 'other'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]) {
  return spawnSync('openssl', args, { encoding: 'utf8' });
}

describe('lab signing key', () => {
  it('is created in the data folder on first use and reused afterwards', () => {
    expect(key.created).toBe(true);
    expect(fs.existsSync(path.join(dir, 'data', LAB_KEY_FILE))).toBe(true);
    const again = loadOrCreateLabKey(path.join(dir, 'data'));
    expect(again.created).toBe(false);
    expect(again.certPem).toBe(key.certPem);
    expect(again.keyPem).toBe(key.keyPem);
    expect(again.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(again.fingerprintSha256).not.toBe(other.fingerprintSha256);
  });

  it('keeps its private key readable by the owner only', () => {
    expect(fs.statSync(path.join(dir, 'data', LAB_KEY_FILE)).mode & 0o077).toBe(0);
  });

  it('refuses a half key instead of silently replacing it', () => {
    const half = path.join(dir, 'half');
    loadOrCreateLabKey(half);
    fs.rmSync(path.join(half, LAB_CERT_FILE));
    expect(() => loadOrCreateLabKey(half)).toThrow(/lab-signing-cert\.pem is missing/);
  });

  it('refuses a certificate that belongs to another key', () => {
    const mixed = path.join(dir, 'mixed');
    loadOrCreateLabKey(mixed);
    fs.copyFileSync(path.join(dir, 'other', LAB_CERT_FILE), path.join(mixed, LAB_CERT_FILE));
    expect(() => loadOrCreateLabKey(mixed)).toThrow(/does not belong/);
  });
});

describe('detached CMS signature', () => {
  it('is byte-identical for the same content, key and signing time', () => {
    expect(signDetached(content, key.keyPem, key.certPem, at)).toBe(signDetached(content, key.keyPem, key.certPem, at));
    expect(signDetached(content, key.keyPem, key.certPem, at)).not.toBe(signDetached(content, key.keyPem, key.certPem, new Date('2026-11-21T09:00:00Z')));
  });

  it('verifies with our verifier, naming the signer and the signing time', () => {
    const p7 = signDetached(content, key.keyPem, key.certPem, at);
    const v = verifyDetached(content, p7, key.certPem);
    expect(v).toMatchObject({ ok: true, signingTime: at.toISOString(), digestAlgorithm: 'sha256' });
    expect(v.signer?.fingerprintSha256).toBe(key.fingerprintSha256);
  });

  it('fails for changed content, another trusted key, and garbage', () => {
    const p7 = signDetached(content, key.keyPem, key.certPem, at);
    const changed = Buffer.from(content);
    changed[5] ^= 1;
    expect(verifyDetached(changed, p7, key.certPem)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match the signed digest/) });
    expect(verifyDetached(content, p7, other.certPem)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not vouch/) });
    expect(verifyDetached(content, signDetached(content, other.keyPem, other.certPem, at), key.certPem).ok).toBe(false);
    expect(verifyDetached(content, 'not a signature', key.certPem)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a PEM/) });
    // each reason also in Vietnamese (shown to the Department's reviewer)
    expect(verifyDetached(changed, p7, key.certPem).reason_vi).toBe('nội dung không khớp giá trị băm đã ký (tệp đã bị thay đổi sau khi ký)');
    expect(verifyDetached(content, p7, other.certPem).reason_vi).toMatch(/^được ký bằng một chứng thư không phải chứng thư tin cậy và không do chứng thư tin cậy cấp \(/);
    expect(verifyDetached(content, 'not a signature', key.certPem).reason_vi).toBe('chữ ký không phải một khối PEM PKCS7/CMS');
    expect(verifyDetached(content, p7, 'not a certificate').reason_vi).toMatch(/^không đọc được chứng thư tin cậy: /);
    expect(verifyDetached(content, '-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----\n', key.certPem).ok).toBe(false);
  });

  it('never verifies, and never throws, when any one byte of the signature file is changed', () => {
    const p7 = Buffer.from(signDetached(content, key.keyPem, key.certPem, at));
    const verifiedAnyway: number[] = [];
    const reasons = new Map<string, string | undefined>();
    for (let i = 0; i < p7.length; i++) {
      const bad = Buffer.from(p7);
      bad[i] ^= 0x01;
      const v = verifyDetached(content, bad.toString('latin1'), key.certPem);
      if (v.ok) verifiedAnyway.push(i);
      else reasons.set(v.reason!, v.reason_vi);
    }
    expect(verifiedAnyway).toEqual([]);
    // every refusal reached this way (many of the parser's) has its own Vietnamese reason
    expect(reasons.size).toBeGreaterThan(5);
    for (const [en, vi] of reasons) {
      expect(vi, en).toMatch(/[àáảãạăâđèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵằắẳẵặầấẩẫậềếểễệồốổỗộờớởỡợừứửữự]/i);
      expect(vi, en).not.toBe(en);
    }
  });

  it('verifies with plain OpenSSL (the command in the README) and fails there when the content changed', () => {
    const d = fs.mkdtempSync(path.join(dir, 'openssl-'));
    fs.writeFileSync(path.join(d, 'manifest.json'), content);
    fs.writeFileSync(path.join(d, 'manifest.p7s'), signDetached(content, key.keyPem, key.certPem, at));
    fs.writeFileSync(path.join(d, 'lab.pem'), key.certPem);
    fs.writeFileSync(path.join(d, 'other.pem'), other.certPem);
    const args = (ca: string) => ['cms', '-verify', '-binary', '-inform', 'PEM', '-in', path.join(d, 'manifest.p7s'),
      '-content', path.join(d, 'manifest.json'), '-CAfile', path.join(d, ca), '-purpose', 'any', '-out', path.join(d, 'out.bin')];
    const ok = openssl(args('lab.pem'));
    expect(ok.stderr).toMatch(/Verification successful/);
    expect(ok.status).toBe(0);
    expect(fs.readFileSync(path.join(d, 'out.bin'))).toEqual(content);
    expect(openssl(args('other.pem')).status).not.toBe(0);
    const changed = Buffer.from(content);
    changed[content.length - 3] ^= 1;
    fs.writeFileSync(path.join(d, 'manifest.json'), changed);
    expect(openssl(args('lab.pem')).status).not.toBe(0);
  });

  it('accepts a detached signature made by OpenSSL with the lab key', () => {
    const d = fs.mkdtempSync(path.join(dir, 'openssl-sign-'));
    fs.writeFileSync(path.join(d, 'c.bin'), content);
    fs.writeFileSync(path.join(d, 'key.pem'), key.keyPem);
    fs.writeFileSync(path.join(d, 'cert.pem'), key.certPem);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-in', path.join(d, 'c.bin'), '-signer', path.join(d, 'cert.pem'),
      '-inkey', path.join(d, 'key.pem'), '-outform', 'PEM', '-out', path.join(d, 'c.p7s')]);
    const p7 = fs.readFileSync(path.join(d, 'c.p7s'), 'utf8');
    expect(verifyDetached(content, p7, key.certPem)).toMatchObject({ ok: true });
    expect(verifyDetached(Buffer.from('other'), p7, key.certPem).ok).toBe(false);
  });
});
