/**
 * The one place browser tests get Chromium (Debian's, driven by playwright-core).
 *
 * - Path: `CHROMIUM_PATH`, default `/usr/bin/chromium`.
 * - Launch: headless, as root in a container (no sandbox, no GPU), no background traffic of its own, a
 *   fresh user-data-dir per launch (removed on close).
 * - Missing binary: the suite is skipped with a printed reason, so `npm ci && npm test` passes on a machine
 *   without a browser; when `CI` is set it FAILS instead (CI installs Chromium, see .ci/run), so a broken CI
 *   image never turns the browser tests silently green.
 *
 * Use:
 *   describeWithBrowser('HTML report in Chromium', () => {
 *     let browser: LaunchedBrowser;
 *     beforeAll(async () => { browser = await launchBrowser(); });
 *     afterAll(() => browser?.close());
 *     it('…', async () => { const page = await browser.context.newPage(); … });
 *   });
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The Chromium binary the browser tests use: `CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  return fromEnv ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

/** Flags for headless Chromium running as root in a container, with no traffic of its own. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export type BrowserAvailability = { available: true; path: string } | { available: false; path: string; reason: string };

/** Whether the browser tests can run here, and if not, why (with the way to fix it). */
export function browserAvailability(path: string = chromiumPath()): BrowserAvailability {
  let reason: string | undefined;
  if (!existsSync(path)) reason = `Chromium not found at ${path}`;
  else if (!statSync(path).isFile()) reason = `${path} is not a file`;
  if (!reason) return { available: true, path };
  return {
    available: false,
    path,
    reason: `${reason}: set CHROMIUM_PATH to a Chromium binary, or install Debian's ("apt-get update && apt-get install -y chromium")`,
  };
}

/** True when running in CI, where a missing browser is a failure rather than a skip. */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * `describe` for tests that need Chromium. With the browser: a plain describe. Without it: skipped with the
 * reason printed on stderr, or, under CI, one failing test that carries the reason.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  const availability = browserAvailability();
  if (availability.available) {
    describe(name, body);
    return;
  }
  if (inCi()) {
    describe(name, () => {
      it('needs Chromium (CI is set, so a missing browser fails instead of skipping)', () => {
        throw new Error(availability.reason);
      });
    });
    return;
  }
  process.stderr.write(`[browser tests skipped] ${name}: ${availability.reason}\n`);
  describe.skip(name, body);
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Closes the browser and removes its user-data-dir. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** Block all network access from pages, localhost included (default false, so pages served by a test
   *  server on 127.0.0.1 load; a self-contained file such as the HTML report can set it). */
  offline?: boolean;
}

/** Launches Chromium with the house flags and a fresh user-data-dir. Throws with the reason when missing. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const availability = browserAvailability();
  if (!availability.available) throw new Error(availability.reason);
  const profileDir = mkdtempSync(join(tmpdir(), 'sskdt-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: availability.path,
      headless: true,
      args: [...CHROMIUM_ARGS],
      offline: options.offline ?? false,
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}
