/**
 * Writes every XSD to out/xsd/<layout>/<table>.xsd (strict) and <table>.lenient.xsd, plus GIAMDINHHS.
 * Run: npm run xsd   (or: sskdt-lab xsd [--layout 4750|3176] [--out DIR])
 */
import { main } from '../bin/commands/xsd.ts';

process.exitCode = await main('xsd', process.argv.slice(2));
