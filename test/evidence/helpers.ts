/** Shared inputs for the certification tests: generated exports of 52001, the test PKI registry, a lab key. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckOptions } from '../../conformance/model.ts';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import { run } from '../cli/run-cli.ts';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `sskdt-lab generate` into `out` (as a user would), failing loudly if it does not work. */
export async function generate(out: string, args: string[]): Promise<void> {
  const r = await run(process.cwd(), ['generate', ...args, '--out', out]);
  if (r.code !== 0) throw new Error(`generate ${args.join(' ')} failed: ${r.stderr}`);
}

/** The registry the portal uses for the demo facilities: their test certificates and the test CA. */
export function testRegistry(): NonNullable<CheckOptions['registry']> {
  const pki = loadTestPki();
  return { certificatesFor: (f) => (pki.facilities[f] ? [pki.facilities[f].certPem] : []), trustAnchors: [pki.caCertPem] };
}

export function copyFolder(from: string, to: string, keep: (name: string) => boolean = () => true): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) if (keep(name)) fs.copyFileSync(path.join(from, name), path.join(to, name));
}
