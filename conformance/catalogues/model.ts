/**
 * A facility's own catalogues (danh mục của cơ sở): staff with practising licences, equipment (MA_MAY), drugs,
 * technical services and supplies with prices, its departments (khoa/phòng, MA_KHOA), as the facility declares them to BHXH. Pure data and lookups:
 * no storage, no files (./import.ts reads CSV/XLSX; the simulator stores versions).
 *
 * Versioning: an import of one kind for one facility is a version with an effective date (`effectiveFrom`,
 * yyyymmdd). On a visit date D the version that applies is the one with the latest effectiveFrom ≤ D (the later
 * import when two share a date): a new price list replaces the old one from its date on, and a visit before it
 * is still judged by the old one. Inside a version each row has its own validity (TU_NGAY … DEN_NGAY, and for
 * staff the licence date NGAYCAP_CCHN), as in BHXH's catalogue templates.
 */

export const CATALOGUE_KINDS = ['staff', 'equipment', 'drugs', 'services', 'supplies', 'departments'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

/** Vietnamese names of the kinds, for messages. */
export const KIND_VI: Record<CatalogueKind, string> = {
  staff: 'danh mục nhân viên y tế',
  equipment: 'danh mục thiết bị y tế (MA_MAY)',
  drugs: 'danh mục thuốc',
  services: 'danh mục dịch vụ kỹ thuật',
  supplies: 'danh mục vật tư y tế',
  departments: 'danh mục khoa/phòng',
};

/** One row of a catalogue. Which fields mean what depends on the kind (see docs/catalogues.md). */
export interface CatalogueEntry {
  /** staff: MACCHN (licence code, what MA_BAC_SI carries); equipment: MA_MAY; drugs: MA_THUOC; services: MA_DICH_VU; supplies: MA_VAT_TU; departments: MA_KHOA */
  code: string;
  name?: string;
  /** first day the row applies, yyyymmdd (TU_NGAY) */
  from: string;
  /** last day the row applies, yyyymmdd (DEN_NGAY); absent = open */
  to?: string;
  /** staff: other identifiers of the person (MA_BHXH, SO_DINH_DANH), what MA_TTDV carries */
  ids?: string[];
  /** staff: date the practising licence was issued (NGAYCAP_CCHN), yyyymmdd */
  licensedFrom?: string;
  /** drugs/services/supplies: the facility price (DON_GIA), exact decimal text */
  price?: string;
  /** drugs/supplies: DON_GIA_BH; services: GIA_THANH_TOAN — the price the fund pays, when it differs */
  priceBh?: string;
  /** drugs: SO_DANG_KY (several brands may share one MA_THUOC); supplies: MA_HIEU */
  variant?: string;
  /** the line of the source file the row came from (for messages) */
  line?: number;
}

/** One imported version of one kind of catalogue of one facility. */
export interface CatalogueVersion {
  facility: string;
  kind: CatalogueKind;
  /** yyyymmdd */
  effectiveFrom: string;
  /** order of import (the store's id); breaks ties between versions of the same date */
  seq: number;
  /** the file it came from, for messages */
  source?: string;
  entries: CatalogueEntry[];
}

/** Plain data: every version of every facility (what crosses into a worker thread as JSON). */
export type CatalogueData = CatalogueVersion[];

/** True when yyyymmdd `day` falls in the entry's TU_NGAY … DEN_NGAY. */
export function entryValidOn(e: CatalogueEntry, day: string): boolean {
  return e.from <= day && (e.to === undefined || day <= e.to);
}

/** A version with its rows indexed by code (and, for staff, by the other identifiers). */
export class IndexedVersion {
  private byCode?: Map<string, CatalogueEntry[]>;
  private byId?: Map<string, CatalogueEntry[]>;
  constructor(readonly version: CatalogueVersion) {}

  private build(): void {
    this.byCode = new Map();
    this.byId = new Map();
    for (const e of this.version.entries) {
      push(this.byCode, e.code, e);
      for (const id of e.ids ?? []) push(this.byId, id, e);
    }
  }

  /** Every row of the code (any validity). */
  entries(code: string): CatalogueEntry[] {
    if (!this.byCode) this.build();
    return this.byCode!.get(code) ?? [];
  }

  /** Rows whose code or other identifier (MA_BHXH, SO_DINH_DANH) is `id`. */
  entriesByAnyId(id: string): CatalogueEntry[] {
    if (!this.byCode) this.build();
    const a = this.byCode!.get(id) ?? [];
    const b = this.byId!.get(id) ?? [];
    return a.length === 0 ? b : b.length === 0 ? a : [...new Set([...a, ...b])];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The catalogues of one facility: which version of each kind applies on a date. */
export class FacilityCatalogues {
  private readonly byKind = new Map<CatalogueKind, IndexedVersion[]>();
  constructor(
    readonly facility: string,
    versions: CatalogueVersion[],
  ) {
    for (const v of versions) push(this.byKind, v.kind, new IndexedVersion(v));
    for (const list of this.byKind.values()) list.sort((a, b) => (a.version.effectiveFrom < b.version.effectiveFrom ? -1 : a.version.effectiveFrom > b.version.effectiveFrom ? 1 : a.version.seq - b.version.seq));
  }

  has(kind: CatalogueKind): boolean {
    return (this.byKind.get(kind)?.length ?? 0) > 0;
  }

  /** The version of `kind` in force on yyyymmdd `day`, or undefined (none loaded, or all start later). */
  versionOn(kind: CatalogueKind, day: string): IndexedVersion | undefined {
    const list = this.byKind.get(kind);
    if (!list) return undefined;
    let hit: IndexedVersion | undefined;
    for (const v of list) {
      if (v.version.effectiveFrom <= day) hit = v;
      else break;
    }
    return hit;
  }

  /** Earliest effective date of the kind (for the "starts later" reason). */
  earliest(kind: CatalogueKind): string | undefined {
    return this.byKind.get(kind)?.[0]?.version.effectiveFrom;
  }
}

/**
 * What the engine is given (CheckOptions.catalogues): the catalogues of any number of facilities. Rules ask for
 * the facility of the package (MACSKCB); a facility with no versions is "not loaded" (rules skip, saying so).
 */
export class CatalogueSet {
  private readonly facilities = new Map<string, FacilityCatalogues>();
  constructor(data: CatalogueData) {
    const by = new Map<string, CatalogueVersion[]>();
    for (const v of data) push(by, v.facility, v);
    for (const [f, versions] of by) this.facilities.set(f, new FacilityCatalogues(f, versions));
  }

  static fromJson(json: string): CatalogueSet {
    return new CatalogueSet(JSON.parse(json) as CatalogueData);
  }

  forFacility(code: string | undefined): FacilityCatalogues | undefined {
    return code === undefined ? undefined : this.facilities.get(code);
  }

  facilityCodes(): string[] {
    return [...this.facilities.keys()].sort();
  }
}
