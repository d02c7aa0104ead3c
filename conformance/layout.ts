/**
 * Which field layout applies to a submission, and why. Three inputs, in this order:
 *  1. a forced layout (CLI --layout, CheckOptions.layout);
 *  2. the content: XML13 is the only table whose structure differs (4750: MA_NOI_DI/MA_NOI_DEN, TEN_DICH_VU,
 *     TEN_THUOC, PP_DIEU_TRI; 3176: MA_CSKCB_DI/MA_CSKCB_DEN, TINH_TRANG_CT). Real 2026 exports sent to the
 *     3176 endpoint still carry the 4750 XML13, so the content wins and the mismatch is reported;
 *  3. the endpoint (…QD3176 → 3176; …QD4750 / …QD130 → 4750);
 *  4. with neither (a file checked offline): the decision in force on the visit date (QĐ 3176 from 2025-01-01),
 *     else the envelope's NGAYLAP — a guess, reported as the warning ENVELOPE.LAYOUT_GUESSED — else 4750.
 * Field overlays follow the visit date, not the XML13 structure: the QĐ 3176 overlays (MA_TTDV as a
 * practising-licence code, XML14 NGAY_HEN_KL yyyymmdd …) apply to every visit from 2025-01-01, so a 2026 visit
 * whose XML13 keeps the 4750 structure is not failed for 3176 values elsewhere. Without a visit date they follow
 * the layout. The QĐ 1931 overlay (MUC_HUONG up to 4 characters) applies when the visit ended on/after 2026-07-01.
 */
import { getLayout, QD1931_EFFECTIVE, QD3176_EFFECTIVE, type Layout } from './catalogue/catalogue.ts';
import type { LayoutId } from './result.ts';
import type { XmlElement } from './xml/parse.ts';

const XML13_4750_MARKERS = ['MA_NOI_DI', 'MA_NOI_DEN', 'TEN_DICH_VU', 'TEN_THUOC', 'PP_DIEU_TRI'];
const XML13_3176_MARKERS = ['MA_CSKCB_DI', 'MA_CSKCB_DEN', 'TINH_TRANG_CT'];

/** Which XML13 structure a document uses, from its element names; undefined when it shows neither. */
export function recogniseXml13(root: XmlElement): { layout: LayoutId; markers: string[] } | undefined {
  const names = new Set<string>();
  for (const c of root.children) if (c.kind === 'element') names.add(c.name);
  const m4750 = XML13_4750_MARKERS.filter((n) => names.has(n));
  const m3176 = XML13_3176_MARKERS.filter((n) => names.has(n));
  if (m4750.length > m3176.length) return { layout: '4750', markers: m4750 };
  if (m3176.length > m4750.length) return { layout: '3176', markers: m3176 };
  return undefined;
}

/** Layout named by an endpoint: anything mentioning 3176 → 3176; 4750 / 130 → 4750. */
export function layoutFromEndpoint(endpoint: string | undefined): LayoutId | undefined {
  if (!endpoint) return undefined;
  const e = endpoint.toLowerCase();
  if (e.includes('3176')) return '3176';
  if (e.includes('4750') || e.includes('130')) return '4750';
  return undefined;
}

export interface LayoutInputs {
  forced?: LayoutId;
  endpoint?: string;
  /** root of the XML13 document, if the package has one */
  xml13Root?: XmlElement;
  /** visit end (or start) date yyyymmdd, and which field it came from */
  visitDate?: string;
  visitDateFrom?: string;
  /** the envelope's NGAYLAP (yyyymmdd): a proxy for the visit date when no visit date is found */
  ngayLap?: string;
}

export interface LayoutChoice {
  layout: Layout;
  /** human-readable: which layout and overlay, and why */
  reason: string;
  /** set when nothing in the input decided the layout (no forced layout, endpoint, XML13 marker or visit date) */
  guessed?: { basis: 'NGAYLAP' | 'default'; layout: LayoutId };
  /** set when the XML13 content and the endpoint disagree (content wins) */
  mismatch?: { endpointLayout: LayoutId; contentLayout: LayoutId; markers: string[]; hoso: number; line: number; col: number };
}

export function selectLayout(inp: LayoutInputs): LayoutChoice {
  const parts: string[] = [];
  let id: LayoutId;
  let mismatch: LayoutChoice['mismatch'];
  let guessed: LayoutChoice['guessed'];
  const fromEndpoint = layoutFromEndpoint(inp.endpoint);
  const recognised = inp.xml13Root ? recogniseXml13(inp.xml13Root) : undefined;
  if (inp.forced) {
    id = inp.forced;
    parts.push(`layout ${id} forced by option`);
  } else if (recognised) {
    id = recognised.layout;
    parts.push(`XML13 uses the ${id} structure (${recognised.markers.join(', ')})`);
    if (fromEndpoint && fromEndpoint !== id) {
      parts.push(`although the endpoint ${inp.endpoint} names ${fromEndpoint}`);
      mismatch = { endpointLayout: fromEndpoint, contentLayout: id, markers: recognised.markers, hoso: 0, line: inp.xml13Root!.line, col: inp.xml13Root!.col };
    }
  } else if (fromEndpoint) {
    id = fromEndpoint;
    parts.push(`endpoint ${inp.endpoint} → ${id}`);
  } else if (inp.visitDate) {
    id = inp.visitDate >= QD3176_EFFECTIVE ? '3176' : '4750';
    parts.push(`no endpoint and no XML13 marker: ${id} from the visit date (${inp.visitDateFrom ?? 'visit date'} ${inp.visitDate} ${id === '3176' ? '≥' : '<'} ${QD3176_EFFECTIVE}, QĐ 3176 in force)`);
  } else if (inp.ngayLap) {
    id = inp.ngayLap >= QD3176_EFFECTIVE ? '3176' : '4750';
    guessed = { basis: 'NGAYLAP', layout: id };
    parts.push(`no endpoint, no XML13 marker and no visit date: ${id} guessed from the envelope NGAYLAP ${inp.ngayLap}`);
  } else {
    id = '4750';
    guessed = { basis: 'default', layout: id };
    parts.push('no endpoint, no XML13 marker, no visit date and no NGAYLAP: default 4750 (a guess)');
  }
  let overlay1931 = false;
  if (inp.visitDate) {
    overlay1931 = inp.visitDate >= QD1931_EFFECTIVE;
    parts.push(`QĐ 1931 overlay ${overlay1931 ? 'on' : 'off'}: ${inp.visitDateFrom ?? 'visit date'} ${inp.visitDate} ${overlay1931 ? '≥' : '<'} ${QD1931_EFFECTIVE}`);
  } else {
    parts.push('QĐ 1931 overlay off: no visit date found');
  }
  // QĐ 3176 field overlays by the visit date (a forced layout keeps its own overlays)
  let overlay3176 = id === '3176';
  if (!inp.forced && inp.visitDate) {
    overlay3176 = inp.visitDate >= QD3176_EFFECTIVE;
    if (overlay3176 !== (id === '3176')) parts.push(`QĐ 3176 field overlays ${overlay3176 ? 'on' : 'off'} by the visit date ${inp.visitDate} (${overlay3176 ? '≥' : '<'} ${QD3176_EFFECTIVE}) although the structure is ${id}`);
  }
  return { layout: getLayout(id, overlay1931, overlay3176), reason: parts.join('; '), mismatch, guessed };
}
