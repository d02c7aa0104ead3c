/**
 * libxml2-wasm XSD validation for tests: schemas compiled once and cached; documents parsed with the
 * default options (never NOENT, no fs input providers registered).
 */
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

export interface XsdVerdict {
  valid: boolean;
  errors: { message: string; line?: number }[];
}

const cache = new Map<string, { schemaDoc: XmlDocument; validator: XsdValidator }>();

export function compileXsd(xsd: string): XsdValidator {
  const hit = cache.get(xsd);
  if (hit) return hit.validator;
  const schemaDoc = XmlDocument.fromString(xsd);
  try {
    const validator = XsdValidator.fromDoc(schemaDoc);
    cache.set(xsd, { schemaDoc, validator });
    return validator;
  } catch (err) {
    schemaDoc.dispose();
    throw err;
  }
}

export function validateWithXsd(xsd: string, xml: string): XsdVerdict {
  const validator = compileXsd(xsd);
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (err) {
    return { valid: false, errors: [{ message: `parse: ${(err as Error).message}` }] };
  }
  try {
    validator.validate(doc);
    return { valid: true, errors: [] };
  } catch (err) {
    const details = (err as { details?: { message: string; line?: number }[] }).details ?? [];
    return { valid: false, errors: details.length ? details.map((d) => ({ message: d.message.trim(), line: d.line })) : [{ message: (err as Error).message }] };
  } finally {
    doc.dispose();
  }
}

export function disposeXsdCache(): void {
  for (const { schemaDoc, validator } of cache.values()) {
    validator.dispose();
    schemaDoc.dispose();
  }
  cache.clear();
}
