/**
 * `sskdt-lab xsd [--layout 4750|3176] [--out DIR] [--no-1931]`: writes the XSDs generated from the catalogue
 * to DIR/<layout>/<table>.xsd (strict, catalogue order) and <table>.lenient.xsd (any order).
 * Default: both layouts, DIR = out/xsd. Exit 0 on success, 3 on bad usage, 2 on an internal error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateAllXsd } from '../../conformance/xsd.ts';

const USAGE = `usage: sskdt-lab xsd [--layout 4750|3176] [--out DIR] [--no-1931]
  Writes one XSD per table (XML0…XML15) and the GIAMDINHHS envelope, strict and lenient, to DIR/<layout>/.
  --layout   only this layout (default: both)
  --out      output folder (default: out/xsd)
  --no-1931  without the QĐ 1931 overlay (MUC_HUONG max 3 instead of 4)
`;

export async function main(_command: string, args: string[]): Promise<number> {
  let values: { layout?: string; out?: string; 'no-1931'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { layout: { type: 'string' }, out: { type: 'string' }, 'no-1931': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`sskdt-lab xsd: ${(err as Error).message}\n${USAGE}`);
    return 3;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.layout !== undefined && values.layout !== '4750' && values.layout !== '3176') {
    process.stderr.write(`sskdt-lab xsd: --layout must be 4750 or 3176, got "${values.layout}"\n${USAGE}`);
    return 3;
  }
  const layouts = values.layout ? [values.layout as '4750' | '3176'] : (['4750', '3176'] as const);
  const outDir = resolve(values.out ?? 'out/xsd');
  try {
    for (const layout of layouts) {
      const dir = join(outDir, layout);
      mkdirSync(dir, { recursive: true });
      const all = generateAllXsd(layout, { overlay1931: !values['no-1931'] });
      for (const [name, text] of all) writeFileSync(join(dir, name), text);
      process.stderr.write(`wrote ${all.size} schemas to ${dir}\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`sskdt-lab xsd: internal error: ${(err as Error).stack ?? err}\n`);
    return 2;
  }
}
