/**
 * Versions and digests of what judged a run — engine, result schema, field catalogue, code lists, rule pack,
 * plan — for the bundle manifest, so a reviewer can tell two bundles were judged by the same lab.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION } from '../../conformance/check.ts';
import { planDigest, type CertificationPlan } from '../../conformance/plans/index.ts';
import { RESULT_SCHEMA_VERSION } from '../../conformance/result.ts';
import { allRuleMetas } from '../../conformance/rules/registry.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Every JSON file under a folder, by relative path, hashed in a stable order. */
function folderDigest(dir: string): { files: number; sha256: string } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) files.push(p);
    }
  };
  walk(dir);
  const h = createHash('sha256');
  for (const f of files) h.update(`${path.relative(dir, f).split(path.sep).join('/')}\n`).update(fs.readFileSync(f)).update('\n');
  return { files: files.length, sha256: h.digest('hex') };
}

let cached: Omit<ToolVersions, 'plan'> | undefined;

export interface ToolVersions {
  tool: string;
  engineVersion: string;
  resultSchemaVersion: string;
  catalogue: { file: string; sha256: string };
  codelists: { files: number; sha256: string };
  rulePack: { rules: number; sha256: string };
  plan: { id: string; version: string; sha256: string };
}

export function toolVersions(plan: CertificationPlan): ToolVersions {
  if (!cached) {
    const metas = allRuleMetas().map((m) => ({ id: m.id, severity: m.severity, since: m.since, citation: m.citation })).sort((a, b) => (a.id < b.id ? -1 : 1));
    cached = {
      tool: 'sskdt-lab',
      engineVersion: ENGINE_VERSION,
      resultSchemaVersion: RESULT_SCHEMA_VERSION,
      catalogue: { file: 'conformance/catalogue/xml-fields.json', sha256: sha256(fs.readFileSync(path.join(here, '../../conformance/catalogue/xml-fields.json'))) },
      codelists: folderDigest(path.join(here, '../../conformance/codelists')),
      rulePack: { rules: metas.length, sha256: sha256(JSON.stringify(metas)) },
    };
  }
  return { ...cached, plan: { id: plan.id, version: plan.version, sha256: planDigest(plan) } };
}
