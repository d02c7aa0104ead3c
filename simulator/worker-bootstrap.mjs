// Worker entry: registers tsx so the TypeScript worker (and the engine it imports) loads without a build.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
