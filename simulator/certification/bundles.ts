/**
 * The evidence bundles of finished runs, built once per variant (masked; unmasked for the facility itself) and
 * kept in the data folder (`bundles/`), their size and SHA-256 recorded in the store (cert_bundles). A finished
 * run's bundle is deterministic (reports/evidence/bundle.ts), so the stored file is the same bytes a rebuild
 * would give as long as what it was built from is unchanged: the run (its timeline, waivers, plan), the
 * versions and digests of engine and rule pack, the facility's registered certificates, the trust anchors and
 * the lab's signing certificate. That is the `inputs` digest; when it differs the bundle is built again.
 * A finished run's window is closed and stored submissions never change, so they are not part of it.
 *
 * Every read checks the file against its recorded size and SHA-256 before a byte is sent: a missing or
 * damaged file is reported (onDamaged) and built again, never served. The file is then streamed from the
 * same open descriptor that was checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { planById } from '../../conformance/plans/index.ts';
import { writeBundle } from '../../reports/evidence/bundle.ts';
import { toolVersions } from '../../reports/evidence/versions.ts';
import type { PortalStore } from '../store.ts';
import type { LabKey } from './lab-key.ts';
import { CertificationError, type CertificationService } from './service.ts';

/** Folder of the data folder holding the bundles. */
export const BUNDLE_DIR = 'bundles';

export interface BundleFile {
  size: number;
  sha256: string;
  /** the bytes, streamed from the checked file (or from memory right after a build) */
  stream(): ReadableStream<Uint8Array>;
}

interface BundleRow {
  inputs: string;
  file: string;
  size: number;
  sha256: string;
}

export interface RunBundlesDeps {
  store: PortalStore;
  certification: CertificationService;
  dataDir: string;
  labKey: () => LabKey;
  trustAnchors: () => string[];
  /** a stored bundle was missing or did not match its SHA-256 (it is built again) */
  onDamaged?: (info: { runId: string; variant: string; file: string; reason: string }) => void;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export class RunBundles {
  /** bundles built (written and signed) since start (tests observe that a second download does not build) */
  builds = 0;
  /** stored bundles found missing or damaged since start */
  damaged = 0;
  private readonly inflight = new Map<string, Promise<Buffer>>();

  constructor(private readonly deps: RunBundlesDeps) {}

  private get db() {
    return this.deps.store.sql;
  }

  private dir(): string {
    return path.join(this.deps.dataDir, BUNDLE_DIR);
  }

  /** Digest of what the bundle of a finished run is built from (see the module comment). */
  private async inputs(runId: string, variant: string): Promise<string> {
    const run = (await this.deps.certification.get(runId))!;
    const shipped = planById(run.plan.id);
    const key = this.deps.labKey();
    return sha256(JSON.stringify({
      variant,
      run: { ...run, referenceTime: run.finishedAt },
      waivers: await this.deps.certification.waivers(runId),
      tools: shipped ? { ...toolVersions(shipped), plan: run.plan } : run.plan,
      certificates: await this.deps.store.certificatesFor(run.facility.maCSKCB),
      trustAnchors: this.deps.trustAnchors(),
      lab: key.certificateSha256,
    }));
  }

  /** The bundle of a finished run: the stored file when it is intact and current, else built (once) and stored. */
  async get(runId: string, unmasked = false): Promise<BundleFile> {
    const run = await this.deps.certification.get(runId);
    if (!run) throw new CertificationError('CERT.RUN_UNKNOWN', `no run ${runId}`, 404);
    if (run.status !== 'finished') throw new CertificationError('CERT.RUN_OPEN', `run ${runId} is still open: finish it to get its evidence bundle`, 409);
    const variant = unmasked ? 'unmasked' : 'masked';
    const inputs = await this.inputs(runId, variant);
    const row = await this.db.get<BundleRow>('SELECT inputs, file, size, sha256 FROM cert_bundles WHERE run_id = ? AND variant = ?', [runId, variant]);
    if (row && row.inputs === inputs) {
      const stored = await this.openChecked(row);
      if (stored.ok) return stored.file;
      this.damaged++;
      this.deps.onDamaged?.({ runId, variant, file: row.file, reason: stored.reason });
    }
    const bytes = await this.build(runId, variant, inputs, unmasked, row?.file);
    return { size: bytes.byteLength, sha256: sha256(bytes), stream: () => Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array> };
  }

  /** The whole bundle in memory (registering a run verifies it). */
  async bytes(runId: string, unmasked = false): Promise<Buffer> {
    const f = await this.get(runId, unmasked);
    const chunks: Uint8Array[] = [];
    for await (const c of f.stream() as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    return Buffer.concat(chunks);
  }

  private build(runId: string, variant: string, inputs: string, unmasked: boolean, previous: string | undefined): Promise<Buffer> {
    const key = `${runId}\u0000${variant}\u0000${inputs}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = (async () => {
        const bytes = await writeBundle(await this.deps.certification.outcome(runId), { labKey: this.deps.labKey(), unmasked });
        this.builds++;
        const digest = sha256(bytes);
        const name = `${runId.replace(/[^A-Za-z0-9._-]+/g, '_')}-${variant}-${digest.slice(0, 16)}.zip`;
        fs.mkdirSync(this.dir(), { recursive: true });
        const tmp = path.join(this.dir(), `.${name}.${randomBytes(4).toString('hex')}.tmp`);
        const fd = fs.openSync(tmp, 'w');
        try {
          fs.writeSync(fd, bytes);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        fs.renameSync(tmp, path.join(this.dir(), name));
        await this.db.run(
          `INSERT INTO cert_bundles (run_id, variant, inputs, file, size, sha256, built_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, variant) DO UPDATE SET inputs = excluded.inputs, file = excluded.file, size = excluded.size, sha256 = excluded.sha256, built_at = excluded.built_at`,
          [runId, variant, inputs, name, bytes.byteLength, digest, new Date().toISOString()],
        );
        if (previous && previous !== name) fs.rmSync(path.join(this.dir(), path.basename(previous)), { force: true });
        return bytes;
      })().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Opens a stored bundle and reads it through once to check size and SHA-256; streams from the same descriptor. */
  private async openChecked(row: BundleRow): Promise<{ ok: true; file: BundleFile } | { ok: false; reason: string }> {
    const file = path.join(this.dir(), path.basename(row.file));
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (e) {
      return { ok: false, reason: `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    try {
      const { size } = await handle.stat();
      if (size !== row.size) throw new Error(`size ${size}, recorded ${row.size}`);
      const h = createHash('sha256');
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, size)));
      for (let pos = 0; pos < size; ) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - pos), pos);
        if (bytesRead === 0) throw new Error(`short read at ${pos}`);
        h.update(buf.subarray(0, bytesRead));
        pos += bytesRead;
      }
      const digest = h.digest('hex');
      if (digest !== row.sha256) throw new Error(`SHA-256 ${digest}, recorded ${row.sha256}`);
    } catch (e) {
      await handle.close();
      return { ok: false, reason: (e as Error).message };
    }
    let used = false;
    return {
      ok: true,
      file: {
        size: row.size,
        sha256: row.sha256,
        stream: () => {
          if (used) throw new Error('a stored bundle is streamed once per get()');
          used = true;
          return Readable.toWeb(handle.createReadStream({ start: 0, end: Math.max(0, row.size - 1), autoClose: true })) as ReadableStream<Uint8Array>;
        },
      },
    };
  }
}
