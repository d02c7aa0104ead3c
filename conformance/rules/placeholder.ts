/**
 * Placeholder literals a HIS writes when a variable was never filled (JavaScript `undefined`, `null`, `NaN`,
 * `[object Object]`; seen in real 2026 exports in code and name fields). Shared by the rule that fails them
 * (CROSS.VALUE.PLACEHOLDER) and the field engine, which then leaves the value rules not-applicable instead of
 * failing the same value three more times.
 */
export const PLACEHOLDER_RULE_ID = 'CROSS.VALUE.PLACEHOLDER';

const PLACEHOLDERS = new Set(['undefined', 'null', 'nan', '[object object]']);

/** True when the whole value (trimmed, any case) is a placeholder literal. */
export function isPlaceholder(value: string): boolean {
  // cheap length gate first: this runs for every value of every row
  const n = value.length;
  if (n < 3 || n > 20) return false;
  // Every placeholder starts with u, n or '[' (any case) once trimmed: a value whose first character is another
  // printable ASCII character (not whitespace, so trim keeps it first; ASCII, so lowercasing keeps it ASCII and
  // different) is not one, without building the trimmed, lowercased copy. Anything else takes the full test.
  const first = value.charCodeAt(0);
  const lower = first | 0x20;
  if (first > 0x20 && first < 0x7f && lower !== 0x75 /* u */ && lower !== 0x6e /* n */ && first !== 0x5b /* [ */) return false;
  return PLACEHOLDERS.has(value.trim().toLowerCase());
}
