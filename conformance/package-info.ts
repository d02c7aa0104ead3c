/**
 * The package's own package.json, found by walking up from this module: the same code runs from the
 * sources (conformance/) and from the build (dist/conformance/), which sit at different depths.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  /** the folder holding package.json (the repository or the installed package) */
  root: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'sskdt-lab' && typeof json.version === 'string') return (cached = { name: json.name, version: json.version, root: dir });
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('sskdt-lab: cannot find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
