/**
 * Enveloped XMLDSig signing in the CHUKYDONVI vendor profile (docs/portal-api.md §3). Lives next to the
 * verifier because it shares its canonicaliser; generators/pki/sign.ts is the public entry point.
 *
 * Deterministic for a fixed key: RSA PKCS#1 v1.5 has no randomness and the Signature Id derives from the
 * content digest, so the same input gives the same bytes (the generators' determinism test relies on it).
 */
import { X509Certificate, createHash, createPrivateKey, sign as rsaSign } from 'node:crypto';
import { parseXml, type XmlElement } from '../xml/parse.ts';
import { C14N_EXCLUSIVE, C14N_INCLUSIVE, canonicalizeDocument, canonicalizeSubtree } from './c14n.ts';
import { ALG_ENVELOPED, ALG_RSA_SHA256, ALG_SHA256, DSIG_NS, findSignatures, signatureHolders } from './profile.ts';

export interface SignOptions {
  /** CanonicalizationMethod of SignedInfo and the reference's C14N; default 'inclusive' (the vendor profile) */
  c14n?: 'inclusive' | 'exclusive';
  /** Signature/@Id; default derived from the content digest */
  signatureId?: string;
  /**
   * Write the C14N transform explicitly after enveloped-signature (xml-crypto's habit). Default false, as
   * Inventec does; always written for exclusive C14N (the implicit reference C14N is inclusive).
   */
  explicitC14nTransform?: boolean;
  /** write KeyInfo/X509Data/X509SubjectName (default true, as the vendor profile) */
  subjectName?: boolean;
}

// Placeholders filled after canonicalisation (plain text, so the strict parser accepts the draft).
const DIGEST_MARK = '@@sskdt-digest@@';
const ID_MARK = '@@sskdt-id@@';
const SIGVALUE_MARK = '@@sskdt-signature-value@@';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** RFC 4514-style subject (most specific first), as .NET writes X509SubjectName. */
export function subjectNameOf(cert: X509Certificate): string {
  return cert.subject
    .split('\n')
    .filter((l) => l !== '')
    .reverse()
    .map((l) => {
      const eq = l.indexOf('=');
      const key = l.slice(0, eq);
      const value = l.slice(eq + 1).replace(/([,+"\\<>;])/g, '\\$1');
      return `${key}=${value}`;
    })
    .join(', ');
}

function pemBody(certPem: string): string {
  return new X509Certificate(certPem).raw.toString('base64');
}

/** Where to put the Signature: inside the root's CHUKYDONVI, created as the root's last child if missing. */
function insertionPlan(text: string, holder: XmlElement | undefined, rootEnd: number, rootName: string): { before: string; after: string } {
  if (holder) {
    const selfClosing = text.charCodeAt(holder.end - 2) === 0x2f; /* '/>' */
    if (selfClosing) {
      return { before: `${text.slice(0, holder.start)}<CHUKYDONVI>`, after: `</CHUKYDONVI>${text.slice(holder.end)}` };
    }
    const closeAt = text.lastIndexOf('</', holder.end - 1);
    return { before: text.slice(0, closeAt), after: text.slice(closeAt) };
  }
  const closeRoot = text.lastIndexOf(`</${rootName}`, rootEnd);
  if (closeRoot === -1 || text.charCodeAt(rootEnd - 2) === 0x2f) {
    throw new Error(`cannot sign: the root <${rootName}/> is empty`);
  }
  return { before: `${text.slice(0, closeRoot)}<CHUKYDONVI>`, after: `</CHUKYDONVI>${text.slice(closeRoot)}` };
}

/**
 * Signs a GIAMDINHHS envelope or an XML0 check-in: appends `<Signature xmlns="…xmldsig#">` to the root's
 * CHUKYDONVI. The input must be unsigned. A BOM and the XML declaration are kept as they are.
 */
export function signEnveloped(xmlText: string, keyPem: string, certPem: string, opts: SignOptions = {}): string {
  const bom = xmlText.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const text = bom ? xmlText.slice(1) : xmlText;
  const doc0 = parseXml(text);
  if (findSignatures(doc0).length > 0) throw new Error('cannot sign: the document already holds a Signature');
  const holders = signatureHolders(doc0);
  if (holders.length > 1) throw new Error('cannot sign: the root has more than one CHUKYDONVI');

  const mode = opts.c14n ?? 'inclusive';
  const c14nAlg = mode === 'exclusive' ? C14N_EXCLUSIVE : C14N_INCLUSIVE;
  const explicit = mode === 'exclusive' || opts.explicitC14nTransform === true;
  const cert = new X509Certificate(certPem);
  const subject = opts.subjectName === false ? '' : `<X509SubjectName>${escapeXml(subjectNameOf(cert))}</X509SubjectName>`;
  const signedInfo =
    `<SignedInfo><CanonicalizationMethod Algorithm="${c14nAlg}" /><SignatureMethod Algorithm="${ALG_RSA_SHA256}" />` +
    `<Reference URI=""><Transforms><Transform Algorithm="${ALG_ENVELOPED}" />` +
    (explicit ? `<Transform Algorithm="${c14nAlg}" />` : '') +
    `</Transforms><DigestMethod Algorithm="${ALG_SHA256}" /><DigestValue>${DIGEST_MARK}</DigestValue></Reference></SignedInfo>`;
  const signatureXml =
    `<Signature xmlns="${DSIG_NS}" Id="${ID_MARK}">${signedInfo}<SignatureValue>${SIGVALUE_MARK}</SignatureValue>` +
    `<KeyInfo><X509Data>${subject}<X509Certificate>${pemBody(certPem)}</X509Certificate></X509Data></KeyInfo></Signature>`;

  const plan = insertionPlan(text, holders[0], doc0.root.end, doc0.root.name);
  const draft = plan.before + signatureXml + plan.after;
  const doc = parseXml(draft);
  const sigEl = findSignatures(doc)[0];
  // The enveloped transform removes exactly this element, so the placeholders inside it do not matter.
  const digest = createHash('sha256').update(canonicalizeDocument(doc, { mode, exclude: sigEl }), 'utf8').digest('base64');
  const signedInfoEl = sigEl.children.find((c): c is XmlElement => c.kind === 'element' && c.name === 'SignedInfo')!;
  // Base64 needs no escaping, so the digest can be put into the canonical SignedInfo by substitution.
  const canonicalSignedInfo = canonicalizeSubtree(doc, signedInfoEl, { mode }).replace(DIGEST_MARK, () => digest);
  const signatureValue = rsaSign('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), createPrivateKey(keyPem)).toString('base64');
  const id = opts.signatureId ?? `sig-${createHash('sha256').update(digest).digest('hex').slice(0, 32)}`;
  return bom + draft.replace(DIGEST_MARK, () => digest).replace(ID_MARK, () => escapeXml(id)).replace(SIGVALUE_MARK, () => signatureValue);
}
