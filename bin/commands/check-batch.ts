/**
 * summary.json (and index.html with --format html) for `check --out` over several files. Rows are streamed
 * to summary.json in input order as files finish; only counts and a capped list of problem files per
 * facility stay in memory for index.html.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleMeta } from '../../conformance/rules/contract.ts';
import { BatchAggregate, renderBatchIndex, type BatchRow } from '../../reports/batch.ts';

export const BATCH_SUMMARY_FORMAT_VERSION = '1.0.0';

export class BatchSummary {
  private readonly fd: number;
  private readonly aggregate = new BatchAggregate();
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private rows = 0;
  private readonly generatedAt = new Date().toISOString();

  constructor(
    private readonly outDir: string,
    private readonly options: { version: string; html: boolean; lookupRule: (id: string) => RuleMeta | undefined },
  ) {
    this.fd = openSync(join(outDir, 'summary.json'), 'w');
    const header = { format: 'sskdt-lab/batch-summary', formatVersion: BATCH_SUMMARY_FORMAT_VERSION, tool: 'sskdt-lab', version: options.version, generatedAt: this.generatedAt };
    writeSync(this.fd, `{\n"report": ${JSON.stringify(header)},\n"files": [\n`);
  }

  add(row: BatchRow): void {
    this.aggregate.add(row);
    const line = (this.rows++ === 0 ? '' : ',\n') + JSON.stringify(row);
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes > 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.buffered.length === 0) return;
    writeSync(this.fd, this.buffered.join(''));
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  /** Closes summary.json (totals, by facility, by rule) and writes index.html. */
  finish(): void {
    this.flush();
    const index = this.aggregate.index({ generatedAt: this.generatedAt, version: this.options.version });
    const byFacility = index.facilities.map(({ listed: _listed, unlisted: _unlisted, ...counts }) => counts);
    const byRule = index.rules.map(({ examples: _examples, ...r }) => r);
    writeSync(this.fd, `\n],\n"totals": ${JSON.stringify(index.totals)},\n"byFacility": ${JSON.stringify(byFacility)},\n"byRule": ${JSON.stringify(byRule)}\n}\n`);
    closeSync(this.fd);
    if (this.options.html) writeFileSync(join(this.outDir, 'index.html'), renderBatchIndex(index, this.options.lookupRule));
  }

  files(): string[] {
    return this.options.html ? ['summary.json', 'index.html'] : ['summary.json'];
  }
}
