/**
 * Reads catalogue files in a thread of its own (started per import through ./worker-bootstrap.mjs), so parsing a
 * large XLSX (seconds for tens of thousands of rows) never blocks the portal's event loop. Posts the read files,
 * or the problems of a refused import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogueImportError, readCatalogueFiles, type ReadOptions } from '../conformance/catalogues/import.ts';

const { files, options } = workerData as { files: { name: string; bytes: Uint8Array }[]; options: ReadOptions };
try {
  parentPort!.postMessage({ ok: true, read: await readCatalogueFiles(files, options) });
} catch (e) {
  if (e instanceof CatalogueImportError) parentPort!.postMessage({ ok: false, issues: e.issues });
  else parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}
