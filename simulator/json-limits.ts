/**
 * A linear pre-check of an untrusted JSON body before JSON.parse: nesting depth and number of keys. A
 * 28 MB body of `[[[[…` or a million keys is refused after one pass over the text without building
 * anything, instead of being parsed into a deep object graph on the event loop (issue 11).
 */
export interface JsonLimits {
  maxDepth: number;
  maxKeys: number;
}

export interface JsonLimitViolation {
  limit: 'depth' | 'keys';
  /** character offset where the limit was crossed */
  offset: number;
  message: string;
}

/** Scans the text once; returns the first limit crossed, or null. Strings (and their escapes) are skipped. */
export function checkJsonShape(text: string, limits: JsonLimits): JsonLimitViolation | null {
  let depth = 0;
  let keys = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // skip the string; a ':' right after it (whitespace allowed) makes it a key
      i++;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      let j = i + 1;
      while (j < len && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x0a || text.charCodeAt(j) === 0x0d || text.charCodeAt(j) === 0x09)) j++;
      if (text.charCodeAt(j) === 0x3a /* : */ && ++keys > limits.maxKeys) {
        return { limit: 'keys', offset: i, message: `Thân yêu cầu JSON có hơn ${limits.maxKeys} khóa (ký tự thứ ${i})` };
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.maxDepth) return { limit: 'depth', offset: i, message: `Thân yêu cầu JSON lồng sâu hơn ${limits.maxDepth} cấp (ký tự thứ ${i})` };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return null;
}
