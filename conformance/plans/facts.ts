/**
 * What a certification plan may look at in a submission: per visit (HOSO, or check-in row) the values of the
 * identifying fields and which tables were sent. Read from the parsed package once; pure.
 */
import type { ParsedPackage } from '../model.ts';

/** Fields a scenario predicate may name (XML1 for a record, XML0 for a check-in). */
export const FACT_FIELDS = ['MA_LK', 'MA_LOAI_KCB', 'MA_THE_BHYT', 'SO_CCCD', 'MA_DOITUONG_KCB', 'MA_CSKCB', 'MA_LOAI_RV'] as const;
export type FactField = (typeof FACT_FIELDS)[number];

export interface VisitFacts {
  /** HOSO index inside the envelope, or the check-in row index */
  index: number;
  /** trimmed values; a field absent or empty is missing from the map */
  fields: Partial<Record<FactField, string>>;
  /** tables sent for this visit with at least one row (XML0 for a check-in) */
  tables: string[];
}

export interface SubmissionFacts {
  kind: 'GIAMDINHHS' | 'CHECKIN';
  /** the facility code the package declares (MACSKCB / MA_CSKCB) */
  facility?: string;
  visits: VisitFacts[];
}

/** Facts of a parsed package. A record's visit reads XML1 (its first row); a check-in has one visit per row. */
export function submissionFacts(pkg: ParsedPackage): SubmissionFacts {
  const visits: VisitFacts[] = [];
  for (const hoso of pkg.hoso) {
    const tables = [...hoso.byTable.values()].filter((f) => f.rows.length > 0).map((f) => f.table);
    if (pkg.kind === 'CHECKIN') {
      const xml0 = hoso.byTable.get('XML0');
      for (const row of xml0?.rows ?? []) visits.push({ index: visits.length, fields: pick(row.values), tables: ['XML0'] });
      continue;
    }
    const xml1 = hoso.byTable.get('XML1')?.rows[0];
    visits.push({ index: hoso.index, fields: xml1 ? pick(xml1.values) : {}, tables: [...new Set(tables)].sort(tableOrder) });
  }
  return { kind: pkg.kind, facility: pkg.MACSKCB || undefined, visits };
}

function pick(values: Map<string, { value: string; present: boolean }>): Partial<Record<FactField, string>> {
  const out: Partial<Record<FactField, string>> = {};
  for (const name of FACT_FIELDS) {
    const v = values.get(name);
    const text = v?.present ? v.value.trim() : '';
    if (text) out[name] = text;
  }
  return out;
}

const tableNumber = (t: string) => Number(t.replace(/^XML/, ''));
const tableOrder = (a: string, b: string) => tableNumber(a) - tableNumber(b);
