/**
 * Verifies an evidence bundle with nothing but the bundle and the lab's certificate: the CMS signature over
 * manifest.json, the SHA-256 and size of every listed file, and that no file is missing or extra. The zip is
 * untrusted input: it is read in memory (never extracted), with limits on entry count, sizes and compression
 * ratio (zip bombs), and names that are absolute, climb with `..` or repeat are refused — the verdict names
 * the problem and is never a crash.
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
}

export interface BundleVerification {
  ok: boolean;
  /** the same outcome, check by check, in a fixed order: zip, manifest, signature, files, extra */
  checks: BundleCheck[];
  /** what is wrong, one line each (English; file names as in the zip) */
  problems: string[];
  /** what was verified, one line each */
  verified: string[];
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
  problems: string[];
}

/** Entry names the verifier accepts: relative, forward slashes, no empty / '.' / '..' segments. */
function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.includes('\\')) return `entry "${name}" has a backslash in its name`;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `entry "${name}" has an absolute name`;
  if (name.split('/').some((seg) => seg === '..')) return `entry "${name}" climbs out of the bundle with ".."`;
  if (name.split('/').some((seg) => seg === '' || seg === '.')) return `entry "${name}" has an empty or "." path segment`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return `entry "${JSON.stringify(name)}" has control characters in its name`;
  return undefined;
}

/** The entries of an untrusted zip, in memory, within the limits (also used to register a verified bundle's manifest). */
export function readZip(buf: Buffer, limits: VerifyLimits): Promise<ReadEntries> {
  return new Promise((resolve) => {
    const entries = new Map<string, Buffer>();
    const problems: string[] = [];
    let total = 0;
    let settled = false;
    const done = (extra?: string) => {
      if (settled) return;
      settled = true;
      if (extra) problems.push(extra);
      resolve({ entries, problems });
    };
    // strictFileNames off: yauzl would stop at the first bad name; we name every bad entry ourselves.
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: false }, (err, zip) => {
      if (err || !zip) return done(`not a readable zip (truncated or damaged): ${err?.message ?? 'unknown error'}`);
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        return done(`the zip has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
      }
      zip.on('error', (e: Error) => done(`the zip is damaged: ${e.message}`));
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        const name = raw.toString('utf8');
        const bad = nameProblem(name);
        if (bad) {
          problems.push(bad);
          return zip.readEntry();
        }
        if (name.endsWith('/')) {
          problems.push(`unexpected folder entry "${name}"`);
          return zip.readEntry();
        }
        if (entries.has(name)) {
          problems.push(`entry "${name}" appears more than once`);
          return zip.readEntry();
        }
        if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
          problems.push(`entry "${name}" is encrypted`);
          return zip.readEntry();
        }
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          problems.push(`entry "${name}" declares ${entry.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes}`);
          return zip.readEntry();
        }
        if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) {
          problems.push(`entry "${name}" expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}× (zip bomb?): not read`);
          return zip.readEntry();
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) {
          zip.close();
          return done(`the entries add up to more than ${limits.maxTotalBytes} bytes: not read further`);
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) {
            problems.push(`entry "${name}" cannot be read: ${e2?.message ?? 'unknown error'}`);
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
            problems.push(`entry "${name}" is damaged: ${e3.message}`);
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
  const problems: string[] = [];
  const verified: string[] = [];
  const by: Record<BundleCheckId, { problems: string[]; verified: string[]; checked: boolean }> = {
    zip: { problems: [], verified: [], checked: true },
    manifest: { problems: [], verified: [], checked: false },
    signature: { problems: [], verified: [], checked: false },
    files: { problems: [], verified: [], checked: false },
    extra: { problems: [], verified: [], checked: false },
  };
  const problem = (check: BundleCheckId, text: string) => {
    problems.push(text);
    by[check].problems.push(text);
  };
  const ok = (check: BundleCheckId, text: string) => {
    verified.push(text);
    by[check].verified.push(text);
  };
  const finish = (): BundleVerification['checks'] =>
    (Object.keys(by) as BundleCheckId[]).map((id) => ({
      id,
      outcome: by[id].problems.length > 0 ? 'fail' : by[id].checked ? 'pass' : 'not-checked',
      details: by[id].problems.length > 0 ? by[id].problems : by[id].verified,
    }));
  if (bundle.length > limits.maxBundleBytes) {
    problem('zip', `the bundle is ${bundle.length} bytes, over the limit of ${limits.maxBundleBytes}`);
    return { ok: false, checks: finish(), problems, verified };
  }
  const { entries, problems: zipProblems } = await readZip(bundle, limits);
  for (const z of zipProblems) problem('zip', z);
  if (zipProblems.length === 0) by.zip.verified.push(`${entries.size} entries read in memory, within the limits (names, sizes, ratio)`);
  const manifestBytes = entries.get(MANIFEST);
  const p7s = entries.get(SIGNATURE);
  by.manifest.checked = true;
  if (!manifestBytes) problem('manifest', `${MANIFEST} is missing`);
  if (!p7s) problem('signature', `${SIGNATURE} is missing`);
  let signature: DetachedVerification | undefined;
  if (manifestBytes && p7s) {
    signature = verifyDetached(manifestBytes, p7s.toString('latin1'), trustedCertPem);
    by.signature.checked = true;
    if (signature.ok) ok('signature', `signature of ${MANIFEST}: valid, by ${signature.signer?.subject} (SHA-256 ${signature.signer?.fingerprintSha256}), signed ${signature.signingTime ?? '(no time)'}`);
    else problem('signature', `signature of ${MANIFEST} does not verify: ${signature.reason}`);
  }
  let manifest: BundleVerification['manifest'];
  if (manifestBytes) {
    let parsed: { format?: unknown; run?: { id?: string }; facility?: { maCSKCB?: string }; verdict?: { verdict?: string }; versions?: { plan?: { id?: string; version?: string } }; files?: ManifestFileEntry[] } | undefined;
    try {
      parsed = JSON.parse(manifestBytes.toString('utf8'));
    } catch (e) {
      problem('manifest', `${MANIFEST} is not JSON: ${(e as Error).message}`);
    }
    if (parsed) {
      if (parsed.format !== BUNDLE_FORMAT) problem('manifest', `${MANIFEST} is not a ${BUNDLE_FORMAT} (format "${String(parsed.format)}")`);
      const listed = Array.isArray(parsed.files) ? parsed.files : [];
      if (!Array.isArray(parsed.files)) problem('manifest', `${MANIFEST} has no list of files`);
      else by.manifest.verified.push(`${MANIFEST} is a ${BUNDLE_FORMAT} listing ${listed.length} files`);
      by.files.checked = true;
      by.extra.checked = true;
      manifest = { runId: parsed.run?.id, facility: parsed.facility?.maCSKCB, verdict: parsed.verdict?.verdict, plan: parsed.versions?.plan ? `${parsed.versions.plan.id}@${parsed.versions.plan.version}` : undefined, files: listed.length };
      const seen = new Set<string>();
      let good = 0;
      for (const f of listed) {
        if (!f || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.size !== 'number') {
          problem('manifest', `${MANIFEST} lists a file without path, sha256 and size`);
          continue;
        }
        const bad = nameProblem(f.path);
        if (bad) {
          problem('manifest', `${MANIFEST}: ${bad}`);
          continue;
        }
        if (f.path === MANIFEST || f.path === SIGNATURE || seen.has(f.path)) {
          problem('manifest', `${MANIFEST} lists "${f.path}" ${seen.has(f.path) ? 'twice' : 'although it cannot cover itself'}`);
          continue;
        }
        seen.add(f.path);
        const bytes = entries.get(f.path);
        if (!bytes) problem('files', `missing file: ${f.path}`);
        else if (bytes.length !== f.size) problem('files', `changed file: ${f.path} has ${bytes.length} bytes, the manifest says ${f.size}`);
        else if (sha256(bytes) !== f.sha256) problem('files', `changed file: ${f.path} does not match its SHA-256 in the manifest`);
        else good++;
      }
      for (const name of entries.keys()) {
        if (name !== MANIFEST && name !== SIGNATURE && !seen.has(name)) problem('extra', `extra file not in the manifest: ${name}`);
      }
      ok('files', `${good} of ${listed.length} files match their SHA-256 and size in ${MANIFEST}`);
      if (by.extra.problems.length === 0) by.extra.verified.push(`no file in the zip beyond ${MANIFEST}, ${SIGNATURE} and the ${listed.length} listed`);
    }
  }
  return { ok: problems.length === 0, checks: finish(), problems, verified, signature, manifest };
}
