/**
 * Test inputs for the CLI: a conformant package from the generators (deterministic seed), one with a field
 * too long, one whose NOIDUNGFILE is not base64, a folder of two, an empty folder and a stray text file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';

export interface CliInputs {
  dir: string;
  /** the time of receipt the generated visit goes with (time-dependent pilot rules read it) */
  receivedAt: string;
}

export function writeCliInputs(): CliInputs {
  const dir = mkdtempSync(join(tmpdir(), 'sskdt-cli-'));
  const encounter = buildEncounter(scenarioById('kham-bhyt')!, new Rng('cli-test'), {});
  const good = Buffer.from(buildPackage(encounter, { unsigned: true }).envelope);
  writeFileSync(join(dir, 'good.xml'), good);
  const text = good.toString('utf8');
  const inner = /<LOAIHOSO>XML1<\/LOAIHOSO>\s*<NOIDUNGFILE>([^<]+)<\/NOIDUNGFILE>/.exec(text)!;
  // MA_BN is at most 100 characters
  const xml1 = Buffer.from(inner[1], 'base64').toString('utf8').replace(/<MA_BN>[^<]*<\/MA_BN>/, `<MA_BN>${'X'.repeat(120)}</MA_BN>`);
  writeFileSync(join(dir, 'bad-field.xml'), text.replace(inner[1], Buffer.from(xml1, 'utf8').toString('base64')));
  writeFileSync(join(dir, 'bad-base64.xml'), text.replace(inner[1], '@@@not-base64@@@'));
  writeFileSync(join(dir, 'table-xml1.xml'), xml1);
  mkdirSync(join(dir, 'batch/sub'), { recursive: true });
  writeFileSync(join(dir, 'batch/a-good.xml'), good);
  writeFileSync(join(dir, 'batch/sub/b-bad.xml'), text.replace(inner[1], '@@@not-base64@@@'));
  writeFileSync(join(dir, 'batch/notes.txt'), 'not a package');
  mkdirSync(join(dir, 'empty'));
  return { dir, receivedAt: encounter.receivedAt };
}
