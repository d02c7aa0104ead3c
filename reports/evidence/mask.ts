/**
 * Masking of personal data (names, ID and card numbers, addresses, phones, birth dates) in the reports of an
 * evidence bundle. The values to hide come from the package itself (the orchestrator collects them from the
 * fields listed as personal), so every place a value appears — a finding's `actual`, a message that quotes
 * it, a file name — is masked, not only the fields we thought of.
 */
export const MASK = '***';

export interface Masker {
  text(s: string): string;
  /** a deep copy with every string masked */
  value<T>(v: T): T;
  readonly active: boolean;
}

export function createMasker(values: Iterable<string>, enabled = true): Masker {
  const list = [...new Set([...values].filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
  if (!enabled || list.length === 0) return { text: (s) => s, value: (v) => v, active: false };
  // Thousands of values (one run of 2,000 packages) make one big alternation regex slow; index the values by
  // their first four characters and try only the candidates starting at each position, longest first.
  const byPrefix = new Map<string, string[]>();
  for (const v of list) {
    const k = v.slice(0, 4);
    const bucket = byPrefix.get(k);
    if (bucket) bucket.push(v);
    else byPrefix.set(k, [v]);
  }
  const text = (s: string) => {
    if (s.length < 4) return s;
    let out = '';
    let from = 0;
    for (let i = 0; i <= s.length - 4; ) {
      const hit = byPrefix.get(s.slice(i, i + 4))?.find((v) => s.startsWith(v, i));
      if (hit) {
        out += s.slice(from, i) + MASK;
        i += hit.length;
        from = i;
      } else i++;
    }
    return from === 0 ? s : out + s.slice(from);
  };
  const value = <T>(v: T): T => {
    if (typeof v === 'string') return text(v) as T;
    if (Array.isArray(v)) return v.map(value) as T;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)])) as T;
    return v;
  };
  return { text, value, active: true };
}
