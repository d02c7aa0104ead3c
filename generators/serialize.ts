/** The generators write tables and envelopes with the engine's catalogue-driven writer (one source of truth). */
export * from '../conformance/xml/serialize.ts';
