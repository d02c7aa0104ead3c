/**
 * Writes docs/result.schema.json from the zod schema in reports/result-schema.ts.
 * Run: node --import tsx scripts/result-schema.ts   (test/reports/schema.test.ts fails if the file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonReportJsonSchema } from '../reports/result-schema.ts';

const target = fileURLToPath(new URL('../docs/result.schema.json', import.meta.url));
writeFileSync(target, JSON.stringify(jsonReportJsonSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${target}\n`);
