// Runtime entry of `sskdt-lab/msw` for plain Node (no TypeScript loader in the vendor's project): the sources
// are TypeScript, so register tsx's loader before importing them. TypeScript users get types from msw.ts.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./msw.ts');

export const { createPortalHandlers, createPortalMock, DEFAULT_BASE_URL } = mod;
