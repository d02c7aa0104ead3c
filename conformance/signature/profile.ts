/**
 * The CHUKYDONVI signature profile (docs/portal-api.md §3): W3C XMLDSig enveloped signature over the whole
 * document, as the Inventec SignXml130 library and qlbv sign for the BHXH portal.
 */
import type { XmlDocument, XmlElement } from '../xml/parse.ts';
import { C14N_EXCLUSIVE, C14N_INCLUSIVE, namespaceOf } from './c14n.ts';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const ALG_ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const ALG_SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const ALG_RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export { C14N_EXCLUSIVE, C14N_INCLUSIVE };

/** Root element name → where the signature lives. */
export const SIGNED_ROOTS = ['GIAMDINHHS', 'CHI_TIEU_TRANG_THAI_KCB'] as const;
export const SIGNATURE_HOLDER = 'CHUKYDONVI';

/** True when the local part of qname (after its first ':', if any) is `local`; no slice of the name (runs for every element). */
function hasLocalName(qname: string, local: string): boolean {
  if (qname === local) return true;
  const colon = qname.length - local.length - 1;
  return colon >= 0 && qname.charCodeAt(colon) === 0x3a && qname.indexOf(':') === colon && qname.endsWith(local);
}

/** True when the element is `{http://www.w3.org/2000/09/xmldsig#}local`. */
export function isDsig(el: XmlElement, local: string): boolean {
  return hasLocalName(el.name, local) && namespaceOf(el) === DSIG_NS;
}

/** Every XMLDSig Signature element anywhere in the document, in document order. */
export function findSignatures(doc: XmlDocument): XmlElement[] {
  const found: XmlElement[] = [];
  // Iterative walk: the parser caps depth, but keep the stack off the call stack anyway.
  const stack: XmlElement[] = [doc.root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (hasLocalName(el.name, 'Signature') && namespaceOf(el) === DSIG_NS) found.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      if (c.kind === 'element') stack.push(c);
    }
  }
  return found;
}

/** The root's CHUKYDONVI children (the profile wants exactly one). */
export function signatureHolders(doc: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of doc.root.children) if (c.kind === 'element' && c.name === SIGNATURE_HOLDER) out.push(c);
  return out;
}

/** Child elements in the XMLDSig namespace with the given local name. */
export function dsigChildren(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element' && isDsig(c, local)) out.push(c);
  return out;
}

export function elementChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element') out.push(c);
  return out;
}

export function attr(el: XmlElement, name: string): string | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}
