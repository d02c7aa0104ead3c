/**
 * A facility's stored catalogues handed to a check (kept apart from ./catalogues.ts so the check workers load no
 * import or generator code): the job carries the versions as one JSON string under a key (store, facility, newest
 * version id); whichever thread runs the check parses it once per key.
 */
import { CatalogueSet, type CatalogueData, type CatalogueEntry, type CatalogueKind } from '../conformance/catalogues/model.ts';
import type { PortalStore } from './store.ts';

/** A facility's stored versions as engine data (seq = store id). */
export async function catalogueDataOf(store: PortalStore, maCSKCB: string): Promise<CatalogueData> {
  return (await store.catalogueVersionsOf(maCSKCB)).map((v) => ({ facility: maCSKCB, kind: v.kind as CatalogueKind, effectiveFrom: v.effectiveFrom, seq: v.id, source: v.source, entries: v.entries as CatalogueEntry[] }));
}

/** What a check job carries: the facility's catalogues as JSON under a key that changes with every import. */
export interface CatalogueJobData {
  key: string;
  json: string;
}

const jobCache = new Map<string, CatalogueJobData>();

/** The job data of a facility's catalogues, or undefined when it has none (the rules then skip). */
export async function catalogueJobData(store: PortalStore, maCSKCB: string): Promise<CatalogueJobData | undefined> {
  const stamp = await store.catalogueStamp(maCSKCB);
  if (stamp === 0) return undefined;
  const key = `${store.location}|${maCSKCB}@${stamp}`;
  let hit = jobCache.get(maCSKCB);
  if (!hit || hit.key !== key) {
    hit = { key, json: JSON.stringify(await catalogueDataOf(store, maCSKCB)) };
    jobCache.set(maCSKCB, hit);
    if (jobCache.size > 256) jobCache.delete(jobCache.keys().next().value as string);
  }
  return hit;
}

const setCache = new Map<string, CatalogueSet>();

/** The engine's lookup for job data, parsed once per key (in whichever thread runs the check). */
export function catalogueSetOf(data: CatalogueJobData): CatalogueSet {
  let set = setCache.get(data.key);
  if (!set) {
    set = CatalogueSet.fromJson(data.json);
    setCache.set(data.key, set);
    if (setCache.size > 32) setCache.delete(setCache.keys().next().value as string);
  }
  return set;
}
