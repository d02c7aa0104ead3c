/**
 * Facility catalogues in the simulator: importing files into the store (all or nothing), listing versions, and
 * handing a facility's catalogues to the checks. The engine stays storage-free: a check job carries the
 * facility's versions as one JSON string with a key (facility@newest version id), and the worker keeps the parsed
 * lookup per key, so a job costs a string copy and the parse happens once per catalogue change.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { CatalogueImportError, readCatalogueFiles, type ImportIssue, type ReadFile, type ReadOptions } from '../conformance/catalogues/import.ts';
import type { CatalogueKind } from '../conformance/catalogues/model.ts';
import { demoCatalogueData } from '../generators/catalogues.ts';
import type { CatalogueVersionSummary, PortalStore } from './store.ts';

export { catalogueDataOf, catalogueJobData, catalogueSetOf, type CatalogueJobData } from './catalogue-job.ts';

export { CatalogueImportError };

export class CatalogueServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'CatalogueServiceError';
  }
}

export interface ImportRequest {
  maCSKCB: string;
  files: { name: string; bytes: Uint8Array }[];
  /** the account or CLI user that imports */
  by: string;
  now: Date;
  effectiveFrom?: string;
  kind?: CatalogueKind;
  /** read the files in a thread of their own (the served portal: a big XLSX must not block the event loop) */
  offThread?: boolean;
}

/** readCatalogueFiles in a worker thread (same answer, same errors). */
function readOffThread(files: ImportRequest['files'], options: ReadOptions): Promise<ReadFile[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { module: './catalogue-import-worker.ts', files, options } });
    worker.once('message', (m: { ok: true; read: ReadFile[] } | { ok: false; issues?: ImportIssue[]; error?: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.read);
      else reject(m.issues ? new CatalogueImportError(m.issues) : new Error(m.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`catalogue reader stopped (${code})`)));
  });
}

/** Reads every file and stores their versions in one transaction; a bad row anywhere stores nothing. */
export async function importCatalogues(store: PortalStore, req: ImportRequest): Promise<CatalogueVersionSummary[]> {
  if (!(await store.getFacility(req.maCSKCB))) throw new CatalogueServiceError('CATALOGUE.FACILITY_UNKNOWN', `no facility ${req.maCSKCB}`, 404);
  const options: ReadOptions = { facility: req.maCSKCB, ...(req.effectiveFrom ? { effectiveFrom: req.effectiveFrom } : {}), ...(req.kind ? { kind: req.kind } : {}) };
  const read = req.offThread ? await readOffThread(req.files, options) : await readCatalogueFiles(req.files, options);
  const sha = new Map(req.files.map((f) => [f.name, createHash('sha256').update(f.bytes).digest('hex')]));
  const at = req.now.toISOString();
  const ids = await store.addCatalogueVersions(
    read.flatMap((r) => r.versions.map((v) => ({ maCSKCB: v.facility, kind: v.kind, effectiveFrom: v.effectiveFrom, source: r.file, sha256: sha.get(r.file) ?? '', entries: v.entries, importedBy: req.by, importedAt: at }))),
  );
  const wanted = new Set(ids);
  return (await store.listCatalogueVersions(req.maCSKCB)).filter((v) => wanted.has(v.id)).sort((a, b) => a.id - b.id);
}

/** Stores the generator's synthetic catalogues for the given facilities (they must exist). */
export async function importDemoCatalogues(store: PortalStore, facilities: string[], by: string, now: Date): Promise<CatalogueVersionSummary[]> {
  const at = now.toISOString();
  for (const f of facilities) if (!(await store.getFacility(f))) throw new CatalogueServiceError('CATALOGUE.FACILITY_UNKNOWN', `no facility ${f}`, 404);
  const versions = facilities.flatMap((f) => {
    return demoCatalogueData(f).map((v) => {
      const json = JSON.stringify(v.entries);
      return { maCSKCB: f, kind: v.kind, effectiveFrom: v.effectiveFrom, source: `demo-${v.kind}`, sha256: createHash('sha256').update(json).digest('hex'), entries: v.entries, importedBy: by, importedAt: at };
    });
  });
  const ids = new Set(await store.addCatalogueVersions(versions));
  return (await store.listCatalogueVersions()).filter((v) => ids.has(v.id));
}

