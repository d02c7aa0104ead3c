#!/usr/bin/env node
// Thin dispatcher for the `sskdt-lab` CLI. TypeScript sources run through tsx (registered here), so the
// CLI works straight from a clone after `npm ci`.
import { register } from 'tsx/esm/api';

register();

const COMMANDS = {
  serve: '../simulator/cli.ts',
  facility: '../simulator/cli.ts',
  check: './commands/check.ts',
  xsd: './commands/xsd.ts',
  rules: './commands/check.ts',
  generate: '../generators/cli.ts',
  scenarios: '../generators/cli.ts',
  replay: '../generators/cli.ts',
  pki: '../generators/cli.ts',
  mutate: '../generators/cli.ts',
  report: '../simulator/reporting/cli.ts',
  cert: './commands/cert.ts',
  verify: './commands/cert.ts',
  key: './commands/cert.ts',
  submissions: './commands/cert.ts',
};

const [command, ...args] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || !(command in COMMANDS)) {
  const known = Object.keys(COMMANDS).join(', ');
  if (command && !(command in COMMANDS) && command !== '--help' && command !== '-h') {
    process.stderr.write(`sskdt-lab: unknown command "${command}". Commands: ${known}\n`);
    process.exit(3);
  }
  // Asked for (--help): stdout, exit 0. No command at all is bad usage: stderr, exit 3.
  const usage = `usage: sskdt-lab <command> [options]\ncommands: ${known}\nRun "sskdt-lab <command> --help" for a command's options.\n`;
  (command ? process.stdout : process.stderr).write(usage);
  process.exit(command ? 0 : 3);
}
const mod = await import(new URL(COMMANDS[command], import.meta.url).href);
const code = await mod.main(command, args);
process.exitCode = typeof code === 'number' ? code : 0;
