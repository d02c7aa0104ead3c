/**
 * Verifies an evidence bundle with nothing but the bundle and the lab's certificate: the CMS signature over
 * manifest.json, the SHA-256 and size of every listed file, and that no file is missing or extra. The zip is
 * untrusted input: it is read in memory (never extracted), with limits on entry count, sizes and compression
 * ratio (zip bombs), and names that are absolute, climb with `..` or repeat are refused — the verdict names
 * the problem and is never a crash. Every line is written in English (`problems`, `verified`, `details`: what
 * the CLI and other callers read) and, line for line, in Vietnamese (`*_vi`) for the Department's reviewer.
 */
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { verifyDetached, type DetachedVerification } from './cms.ts';
import { BUNDLE_FORMAT, MANIFEST, SIGNATURE, type ManifestFileEntry } from './bundle.ts';

export interface VerifyLimits {
  /** bundle file size */
  maxBundleBytes: number;
  maxEntries: number;
  /** uncompressed size of one entry */
  maxEntryBytes: number;
  /** uncompressed size of all entries */
  maxTotalBytes: number;
  /** uncompressed / compressed above this for an entry over 1 MiB is treated as a zip bomb */
  maxRatio: number;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  maxBundleBytes: 2 * 1024 ** 3,
  maxEntries: 100_000,
  maxEntryBytes: 256 * 1024 ** 2,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
};

/** The checks of a verification, each with its outcome (what a page or a report shows line by line). */
export type BundleCheckId = 'zip' | 'manifest' | 'signature' | 'files' | 'extra';
export interface BundleCheck {
  id: BundleCheckId;
  /** not-checked: an earlier problem (no manifest, no signature) left nothing to check */
  outcome: 'pass' | 'fail' | 'not-checked';
  /** the problems of this check (subset of `problems`), or what was verified */
  details: string[];
  /** `details` in Vietnamese, line for line (the page shows these to a Vietnamese reader) */
  details_vi: string[];
}

/** One line of a verification in both languages. English stays the reference text (`problems`, `verified`). */
export interface VerifyLine {
  en: string;
  vi: string;
}

export interface BundleVerification {
  ok: boolean;
  /** the same outcome, check by check, in a fixed order: zip, manifest, signature, files, extra */
  checks: BundleCheck[];
  /** what is wrong, one line each (English; file names as in the zip) */
  problems: string[];
  /** what was verified, one line each */
  verified: string[];
  /** `problems` and `verified` in Vietnamese, line for line */
  problems_vi: string[];
  verified_vi: string[];
  signature?: DetachedVerification;
  manifest?: {
    runId?: string;
    facility?: string;
    verdict?: string;
    plan?: string;
    files: number;
  };
}

export interface ReadEntries {
  entries: Map<string, Buffer>;
  /** English; `problems_vi` holds the same lines in Vietnamese */
  problems: string[];
  problems_vi: string[];
}

/** Entry names the verifier accepts: relative, forward slashes, no empty / '.' / '..' segments. */
function nameProblem(name: string): VerifyLine | undefined {
  if (name.length === 0) return { en: 'an entry has an empty name', vi: 'có một tệp trong gói không có tên' };
  if (name.includes('\\')) return { en: `entry "${name}" has a backslash in its name`, vi: `tên tệp "${name}" có dấu gạch chéo ngược (\\)` };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { en: `entry "${name}" has an absolute name`, vi: `tệp "${name}" có tên là đường dẫn tuyệt đối` };
  if (name.split('/').some((seg) => seg === '..')) return { en: `entry "${name}" climbs out of the bundle with ".."`, vi: `tệp "${name}" dùng ".." để trỏ ra ngoài gói` };
  if (name.split('/').some((seg) => seg === '' || seg === '.')) return { en: `entry "${name}" has an empty or "." path segment`, vi: `tên tệp "${name}" có đoạn đường dẫn rỗng hoặc "."` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return { en: `entry "${JSON.stringify(name)}" has control characters in its name`, vi: `tên tệp ${JSON.stringify(name)} có ký tự điều khiển` };
  return undefined;
}

/** The entries of an untrusted zip, in memory, within the limits (also used to register a verified bundle's manifest). */
export function readZip(buf: Buffer, limits: VerifyLimits): Promise<ReadEntries> {
  return new Promise((resolve) => {
    const entries = new Map<string, Buffer>();
    const problems: string[] = [];
    const problemsVi: string[] = [];
    const problem = (line: VerifyLine) => {
      problems.push(line.en);
      problemsVi.push(line.vi);
    };
    let total = 0;
    let settled = false;
    const done = (extra?: VerifyLine) => {
      if (settled) return;
      settled = true;
      if (extra) problem(extra);
      resolve({ entries, problems, problems_vi: problemsVi });
    };
    // strictFileNames off: yauzl would stop at the first bad name; we name every bad entry ourselves.
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: false }, (err, zip) => {
      if (err || !zip) return done({ en: `not a readable zip (truncated or damaged): ${err?.message ?? 'unknown error'}`, vi: `không phải tệp zip đọc được (bị cắt cụt hoặc hỏng): ${err?.message ?? 'lỗi không rõ'}` });
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        return done({ en: `the zip has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`, vi: `tệp zip có ${zip.entryCount} mục, vượt giới hạn ${limits.maxEntries} mục` });
      }
      zip.on('error', (e: Error) => done({ en: `the zip is damaged: ${e.message}`, vi: `tệp zip bị hỏng: ${e.message}` }));
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        const name = raw.toString('utf8');
        const bad = nameProblem(name);
        if (bad) {
          problem(bad);
          return zip.readEntry();
        }
        if (name.endsWith('/')) {
          problem({ en: `unexpected folder entry "${name}"`, vi: `có thư mục "${name}" không mong đợi trong gói` });
          return zip.readEntry();
        }
        if (entries.has(name)) {
          problem({ en: `entry "${name}" appears more than once`, vi: `tệp "${name}" xuất hiện nhiều lần` });
          return zip.readEntry();
        }
        if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
          problem({ en: `entry "${name}" is encrypted`, vi: `tệp "${name}" bị mã hóa` });
          return zip.readEntry();
        }
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          problem({ en: `entry "${name}" declares ${entry.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes}`, vi: `tệp "${name}" khai báo kích thước ${entry.uncompressedSize} byte, vượt giới hạn ${limits.maxEntryBytes} byte` });
          return zip.readEntry();
        }
        if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) {
          const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
          problem({ en: `entry "${name}" expands ${ratio}× (zip bomb?): not read`, vi: `tệp "${name}" giải nén ra gấp ${ratio} lần (nghi là zip bomb): không đọc` });
          return zip.readEntry();
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) {
          zip.close();
          return done({ en: `the entries add up to more than ${limits.maxTotalBytes} bytes: not read further`, vi: `tổng kích thước các tệp vượt quá ${limits.maxTotalBytes} byte: dừng đọc` });
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) {
            problem({ en: `entry "${name}" cannot be read: ${e2?.message ?? 'unknown error'}`, vi: `không đọc được tệp "${name}": ${e2?.message ?? 'lỗi không rõ'}` });
            return zip.readEntry();
          }
          const chunks: Buffer[] = [];
          let got = 0;
          stream.on('data', (c: Buffer) => {
            got += c.length;
            if (got > entry.uncompressedSize) {
              stream.destroy(new Error('more bytes than declared'));
              return;
            }
            chunks.push(c);
          });
          stream.on('error', (e3: Error) => {
            problem({ en: `entry "${name}" is damaged: ${e3.message}`, vi: `tệp "${name}" bị hỏng: ${e3.message}` });
            zip.readEntry();
          });
          stream.on('end', () => {
            entries.set(name, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function verifyBundle(bundle: Buffer, trustedCertPem: string, limits: VerifyLimits = DEFAULT_VERIFY_LIMITS): Promise<BundleVerification> {
  const problems: VerifyLine[] = [];
  const verified: VerifyLine[] = [];
  const by: Record<BundleCheckId, { problems: VerifyLine[]; verified: VerifyLine[]; checked: boolean }> = {
    zip: { problems: [], verified: [], checked: true },
    manifest: { problems: [], verified: [], checked: false },
    signature: { problems: [], verified: [], checked: false },
    files: { problems: [], verified: [], checked: false },
    extra: { problems: [], verified: [], checked: false },
  };
  const problem = (check: BundleCheckId, en: string, vi: string) => {
    problems.push({ en, vi });
    by[check].problems.push({ en, vi });
  };
  const ok = (check: BundleCheckId, en: string, vi: string) => {
    verified.push({ en, vi });
    by[check].verified.push({ en, vi });
  };
  /** what a check found that is not one of the top-level `verified` lines (kept out of them as before) */
  const noted = (check: BundleCheckId, en: string, vi: string) => by[check].verified.push({ en, vi });
  const result = (rest: Pick<BundleVerification, 'signature' | 'manifest'> = {}): BundleVerification => {
    const checks = (Object.keys(by) as BundleCheckId[]).map((id): BundleCheck => {
      const lines = by[id].problems.length > 0 ? by[id].problems : by[id].verified;
      return {
        id,
        outcome: by[id].problems.length > 0 ? 'fail' : by[id].checked ? 'pass' : 'not-checked',
        details: lines.map((l) => l.en),
        details_vi: lines.map((l) => l.vi),
      };
    });
    return {
      ok: problems.length === 0,
      checks,
      problems: problems.map((l) => l.en),
      verified: verified.map((l) => l.en),
      problems_vi: problems.map((l) => l.vi),
      verified_vi: verified.map((l) => l.vi),
      ...rest,
    };
  };
  if (bundle.length > limits.maxBundleBytes) {
    problem('zip', `the bundle is ${bundle.length} bytes, over the limit of ${limits.maxBundleBytes}`, `gói có kích thước ${bundle.length} byte, vượt giới hạn ${limits.maxBundleBytes} byte`);
    return result();
  }
  const { entries, problems: zipProblems, problems_vi: zipProblemsVi } = await readZip(bundle, limits);
  zipProblems.forEach((z, i) => problem('zip', z, zipProblemsVi[i]));
  if (zipProblems.length === 0) noted('zip', `${entries.size} entries read in memory, within the limits (names, sizes, ratio)`, `đã đọc ${entries.size} tệp trong bộ nhớ, trong giới hạn cho phép (tên tệp, kích thước, tỉ lệ nén)`);
  const manifestBytes = entries.get(MANIFEST);
  const p7s = entries.get(SIGNATURE);
  by.manifest.checked = true;
  if (!manifestBytes) problem('manifest', `${MANIFEST} is missing`, `thiếu tệp ${MANIFEST}`);
  if (!p7s) problem('signature', `${SIGNATURE} is missing`, `thiếu tệp ${SIGNATURE}`);
  let signature: DetachedVerification | undefined;
  if (manifestBytes && p7s) {
    signature = verifyDetached(manifestBytes, p7s.toString('latin1'), trustedCertPem);
    by.signature.checked = true;
    if (signature.ok) {
      ok(
        'signature',
        `signature of ${MANIFEST}: valid, by ${signature.signer?.subject} (SHA-256 ${signature.signer?.fingerprintSha256}), signed ${signature.signingTime ?? '(no time)'}`,
        `chữ ký trên ${MANIFEST}: hợp lệ; bên ký: ${signature.signer?.subject} (SHA-256 ${signature.signer?.fingerprintSha256}); ký lúc ${signature.signingTime ?? '(không ghi thời điểm)'}`,
      );
    } else problem('signature', `signature of ${MANIFEST} does not verify: ${signature.reason}`, `chữ ký trên ${MANIFEST} không hợp lệ: ${signature.reason_vi ?? signature.reason}`);
  }
  let manifest: BundleVerification['manifest'];
  if (manifestBytes) {
    let parsed: { format?: unknown; run?: { id?: string }; facility?: { maCSKCB?: string }; verdict?: { verdict?: string }; versions?: { plan?: { id?: string; version?: string } }; files?: ManifestFileEntry[] } | undefined;
    try {
      parsed = JSON.parse(manifestBytes.toString('utf8'));
    } catch (e) {
      problem('manifest', `${MANIFEST} is not JSON: ${(e as Error).message}`, `${MANIFEST} không phải JSON hợp lệ: ${(e as Error).message}`);
    }
    if (parsed) {
      if (parsed.format !== BUNDLE_FORMAT) problem('manifest', `${MANIFEST} is not a ${BUNDLE_FORMAT} (format "${String(parsed.format)}")`, `${MANIFEST} không phải manifest của gói bằng chứng "${BUNDLE_FORMAT}" (format "${String(parsed.format)}")`);
      const listed = Array.isArray(parsed.files) ? parsed.files : [];
      if (!Array.isArray(parsed.files)) problem('manifest', `${MANIFEST} has no list of files`, `${MANIFEST} không có danh sách tệp`);
      else noted('manifest', `${MANIFEST} is a ${BUNDLE_FORMAT} listing ${listed.length} files`, `${MANIFEST} đúng định dạng gói bằng chứng "${BUNDLE_FORMAT}", liệt kê ${listed.length} tệp`);
      by.files.checked = true;
      by.extra.checked = true;
      manifest = { runId: parsed.run?.id, facility: parsed.facility?.maCSKCB, verdict: parsed.verdict?.verdict, plan: parsed.versions?.plan ? `${parsed.versions.plan.id}@${parsed.versions.plan.version}` : undefined, files: listed.length };
      const seen = new Set<string>();
      let good = 0;
      for (const f of listed) {
        if (!f || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.size !== 'number') {
          problem('manifest', `${MANIFEST} lists a file without path, sha256 and size`, `${MANIFEST} có một mục tệp thiếu path, sha256 hoặc size`);
          continue;
        }
        const bad = nameProblem(f.path);
        if (bad) {
          problem('manifest', `${MANIFEST}: ${bad.en}`, `${MANIFEST}: ${bad.vi}`);
          continue;
        }
        if (f.path === MANIFEST || f.path === SIGNATURE || seen.has(f.path)) {
          if (seen.has(f.path)) problem('manifest', `${MANIFEST} lists "${f.path}" twice`, `${MANIFEST} liệt kê "${f.path}" hai lần`);
          else problem('manifest', `${MANIFEST} lists "${f.path}" although it cannot cover itself`, `${MANIFEST} liệt kê cả "${f.path}", tệp không thể nằm trong danh sách của chính manifest`);
          continue;
        }
        seen.add(f.path);
        const bytes = entries.get(f.path);
        if (!bytes) problem('files', `missing file: ${f.path}`, `thiếu tệp: ${f.path}`);
        else if (bytes.length !== f.size) problem('files', `changed file: ${f.path} has ${bytes.length} bytes, the manifest says ${f.size}`, `tệp đã bị thay đổi: ${f.path} có ${bytes.length} byte, manifest ghi ${f.size} byte`);
        else if (sha256(bytes) !== f.sha256) problem('files', `changed file: ${f.path} does not match its SHA-256 in the manifest`, `tệp đã bị thay đổi: ${f.path} không khớp SHA-256 ghi trong manifest`);
        else good++;
      }
      for (const name of entries.keys()) {
        if (name !== MANIFEST && name !== SIGNATURE && !seen.has(name)) problem('extra', `extra file not in the manifest: ${name}`, `tệp thừa, không có trong manifest: ${name}`);
      }
      ok('files', `${good} of ${listed.length} files match their SHA-256 and size in ${MANIFEST}`, `${good}/${listed.length} tệp khớp SHA-256 và kích thước ghi trong ${MANIFEST}`);
      if (by.extra.problems.length === 0) noted('extra', `no file in the zip beyond ${MANIFEST}, ${SIGNATURE} and the ${listed.length} listed`, `gói không có tệp nào ngoài ${MANIFEST}, ${SIGNATURE} và ${listed.length} tệp được liệt kê`);
    }
  }
  return result({ signature, manifest });
}
