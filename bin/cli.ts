/**
 * The `sskdt-lab` CLI dispatcher: loads only the command asked for (start-up time matters when a CI job
 * checks one small file). Runs compiled from dist/bin/cli.js through bin/sskdt-lab.mjs, or from the sources
 * through tsx during development and tests.
 */
type CommandModule = { main(command: string, args: string[]): Promise<number | void> | number | void };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('../simulator/cli.ts'),
  facility: () => import('../simulator/cli.ts'),
  check: () => import('./commands/check.ts'),
  xsd: () => import('./commands/xsd.ts'),
  rules: () => import('./commands/check.ts'),
  generate: () => import('../generators/cli.ts'),
  scenarios: () => import('../generators/cli.ts'),
  replay: () => import('../generators/cli.ts'),
  pki: () => import('../generators/cli.ts'),
  mutate: () => import('../generators/cli.ts'),
  report: () => import('../simulator/reporting/cli.ts'),
  cert: () => import('./commands/cert.ts'),
  verify: () => import('./commands/cert.ts'),
  key: () => import('./commands/cert.ts'),
  submissions: () => import('./commands/cert.ts'),
  readiness: () => import('../simulator/certification/readiness-cli.ts'),
  catalogue: () => import('./commands/catalogue.ts'),
  faults: () => import('../simulator/faults-cli.ts'),
};

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || !(command in COMMANDS)) {
    const known = Object.keys(COMMANDS).join(', ');
    if (command && !(command in COMMANDS) && command !== '--help' && command !== '-h') {
      process.stderr.write(`sskdt-lab: unknown command "${command}". Commands: ${known}\n`);
      return 3;
    }
    // Asked for (--help): stdout, exit 0. No command at all is bad usage: stderr, exit 3.
    const usage = `usage: sskdt-lab <command> [options]\ncommands: ${known}\nRun "sskdt-lab <command> --help" for a command's options.\n`;
    (command ? process.stdout : process.stderr).write(usage);
    return command ? 0 : 3;
  }
  const mod = await COMMANDS[command]();
  const code = await mod.main(command, args);
  return typeof code === 'number' ? code : 0;
}

process.exitCode = await runCli(process.argv.slice(2));
