/**
 * Wording checks for rule messages (issue 9, behaviour 10): a message speaks to a hospital IT officer. It
 * shows no regular expression, the Vietnamese one carries no English-only text, no placeholder is left
 * unfilled, and it ends with what to write (an instruction in its last clause).
 */

/** Regular-expression syntax that never belongs in a message. */
const REGEX_SYNTAX = [/\^[\\([]/, /\\[dswDSWbB]/, /\[[^\]]*\]\{\d/, /\[[0-9A-Za-z]-[0-9A-Za-z][^\]]*\]/, /\(\?[:!=<]/, /\{\d+(,\d*)?\}/, /\)\?\$|\)\*\$|\+\$|\$$|\$\)/, /\.\*|\\\./];

/** An unfilled `{name}` placeholder (message templates use `{word}`). */
const PLACEHOLDER = /\{[a-z_]\w*\}/i;

/**
 * English words that have no place in Vietnamese text (identifiers, quoted values, element names and document
 * numbers are removed first). Chosen not to collide with Vietnamese words written without diacritics.
 */
const ENGLISH_WORDS = new Set(
  (
    'the is are was not with and of for from before after list lists code codes value values must should expected write written used only unknown missing ' +
    'invalid required field fields element elements exceeds ended later changes district districts province provinces commune communes official new practice ' +
    'foreigners superseded appendix flags description text amended checked department got than into when has have at most least but this that which by be ' +
    'or no yes none any other empty line lines days day date hours found within over under per each every one two three first last number numbers ' +
    'code unverified cannot could leave remove send sign use see because since until'
  ).split(' '),
);

/** Instruction words that say what to do (Vietnamese, English). */
const VI_INSTRUCTION = /(^|[\s(,:;—–-])(ghi|hãy|phải|cần|nên|để trống|bỏ|xóa|sửa|gửi|dùng|chọn|ký|tách|thêm|điền|rút gọn|chuyển|đổi|lập|cấp|kiểm tra lại|không được|không ghi|tính|ví dụ)(?=$|[\s),.:;])/iu;
const EN_INSTRUCTION = /\b(write|writes|use|leave|remove|send|sign|fix|put|add|shorten|split|issue|must|should|expected|bill|bills|enter|give|keep|move|replace|correct|check|choose|record|drop|register|renew|re-sign|set|fill|e\.g|example)\b/i;

function strip(message: string): string {
  return message
    .replace(/"[^"]*"|“[^”]*”|'[^']*'/g, ' ')
    .replace(/\{\w+\}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b(?:QĐ|TT|NĐ|CV|NQ|Nghị quyết|Thông tư)\s*[\w./-]*/g, ' ')
    .replace(/\b[A-Z][A-Z0-9_.]*[A-Z0-9_]\b/g, ' ')
    .replace(/https?:\S+/g, ' ');
}

/** The last clause: after the last ';' or '. ' (a new sentence) outside a parenthesis and quotes. */
function lastClause(message: string): string {
  let depth = 0;
  let cut = 0;
  let quoted = false;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    // a sentence ends at '. ' before a capital letter (not after "e.g." or a number)
    else if (depth === 0 && (c === ';' || (c === '.' && message[i + 1] === ' ' && /\p{Lu}/u.test(message[i + 2] ?? '') && !/(e\.g|i\.e)$/.test(message.slice(Math.max(0, i - 3), i))))) cut = i + 1;
  }
  const tail = message.slice(cut).trim();
  return tail.length > 0 ? tail : message;
}

export interface StyleProblem {
  lang: 'vi' | 'en';
  problem: 'regex' | 'english' | 'placeholder' | 'no-instruction';
  detail: string;
}

export function messageProblems(vi: string, en: string, opts: { instruction?: boolean } = {}): StyleProblem[] {
  const out: StyleProblem[] = [];
  for (const [lang, m] of [['vi', vi], ['en', en]] as const) {
    const visible = m.replace(/"[^"]*"/g, '""');
    for (const re of REGEX_SYNTAX) if (re.test(visible)) out.push({ lang, problem: 'regex', detail: `${re} in: ${m}` });
    if (PLACEHOLDER.test(m)) out.push({ lang, problem: 'placeholder', detail: m });
    if (opts.instruction !== false) {
      const tail = lastClause(m);
      if (!(lang === 'vi' ? VI_INSTRUCTION : EN_INSTRUCTION).test(tail)) out.push({ lang, problem: 'no-instruction', detail: m });
    }
  }
  const words = strip(vi).toLowerCase().match(/[a-z]+(?:-[a-z]+)*/g) ?? [];
  const english = words.filter((w) => ENGLISH_WORDS.has(w));
  if (english.length > 0) out.push({ lang: 'vi', problem: 'english', detail: `${[...new Set(english)].join(', ')} in: ${vi}` });
  return out;
}
