/**
 * Issue 14: with several instances on one PostgreSQL store the sign-in back-off and the lookup budgets are
 * counted in the database (`rate_counters`), not in one process's memory. Two store connections stand in for
 * two instances. On SQLite the counters stay in memory (checked here too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, SignInBackoff } from '../../simulator/access.ts';
import { PgStore } from '../../simulator/store-pg.ts';
import { Store } from '../../simulator/store.ts';
import { freshPgDatabase, pgUnavailable } from './store-engines.ts';

const unavailable = await pgUnavailable();
if (unavailable) {
  if (process.env.CI) throw new Error(`${unavailable} — the shared back-off test is mandatory under CI (.ci/run starts PostgreSQL)`);
  console.warn(`[skip] shared sign-in back-off and lookup budgets on PostgreSQL: ${unavailable}`);
}

const OPTS = { signInFailuresPerUsername: 3, signInFailuresPerAddress: 10, signInBackoffSeconds: 60, signInBackoffMaxSeconds: 3600 };

describe.skipIf(unavailable !== null)('sign-in back-off and lookup budgets shared by two instances on one PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  let a: PgStore;
  let b: PgStore;
  beforeAll(async () => {
    db = await freshPgDatabase('sskdt_shared_rate');
    a = await PgStore.open(db.url, { max: 3 });
    b = await PgStore.open(db.url, { max: 3 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('failures recorded through one instance hold back sign-in on the other; a success on either clears the username', async () => {
    const one = SignInBackoff.fromConfig(OPTS, a);
    const two = SignInBackoff.fromConfig(OPTS, b);
    await one.recordFailure('52001_BV', '203.0.113.9', 0);
    await two.recordFailure('52001_bv', '198.51.100.7', 0);
    expect(await one.heldBackFor('52001_BV', '192.0.2.1', 0)).toBe(0);
    await one.recordFailure('52001_BV', '203.0.113.9', 0); // the third failure of the username, across both instances
    expect(await two.heldBackFor('52001_BV', '192.0.2.1', 1000)).toBe(59_000);
    expect(await one.heldBackFor('52001_bv', '192.0.2.1', 1000)).toBe(59_000);
    // a further failure on the other instance doubles the hold-back for both
    await two.recordFailure('52001_BV', '192.0.2.1', 60_000);
    expect(await one.heldBackFor('52001_BV', '192.0.2.2', 60_000)).toBe(120_000);
    await one.recordSuccess('52001_BV');
    expect(await two.heldBackFor('52001_BV', '192.0.2.2', 60_000)).toBe(0);
  });

  it('failures recorded at the same moment on both instances are all counted (atomic upserts)', async () => {
    const one = SignInBackoff.fromConfig({ ...OPTS, signInFailuresPerUsername: 20 }, a);
    const two = SignInBackoff.fromConfig({ ...OPTS, signInFailuresPerUsername: 20 }, b);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).recordFailure('52002_BV', `198.51.100.${i}`, 5)));
    expect(await one.heldBackFor('52002_BV', '192.0.2.9', 5)).toBe(60_000);
    const row = await a.sql.get<{ n: number }>("SELECT n FROM rate_counters WHERE scope = 'signin' AND key = 'u:52002_bv'");
    expect(Number(row!.n)).toBe(20);
  });

  it('a lookup budget taken on one instance is spent on the other, and refills for both', async () => {
    const one = RateLimiter.forStore(60, a, 'lookup');
    const two = RateLimiter.forStore(60, b, 'lookup');
    for (let i = 0; i < 30; i++) expect(await one.take('52001_BV', 0)).toBe(0);
    for (let i = 0; i < 30; i++) expect(await two.take('52001_BV', 0)).toBe(0);
    expect(await one.take('52001_BV', 0)).toBe(1000);
    expect(await two.take('52001_BV', 0)).toBe(1000);
    expect(await two.take('52001_BV', 1000)).toBe(0);
    expect(await one.take('52001_BV', 1000)).toBe(1000);
    // another account and another budget (card lookups) are not affected
    expect(await one.take('52002_BV', 1000)).toBe(0);
    expect(await RateLimiter.forStore(60, b, 'card-lookup').take('52001_BV', 1000)).toBe(0);
  });

  it('concurrent takes on both instances hand out exactly the budget', async () => {
    const one = RateLimiter.forStore(10, a, 'lookup');
    const two = RateLimiter.forStore(10, b, 'lookup');
    const waits = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? one : two).take('52009_BV', 0)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
  });
});

describe('on SQLite the counters stay in memory', () => {
  it('two limiters on one SQLite store count separately, and nothing is written to rate_counters', async () => {
    const s = new Store(':memory:');
    try {
      const one = RateLimiter.forStore(1, s, 'lookup');
      const two = RateLimiter.forStore(1, s, 'lookup');
      expect(await one.take('x', 0)).toBe(0);
      expect(await one.take('x', 0)).toBe(60_000);
      expect(await two.take('x', 0)).toBe(0);
      const backoff = SignInBackoff.fromConfig({ ...OPTS, signInFailuresPerUsername: 1 }, s);
      await backoff.recordFailure('u', 'ip', 0);
      expect(await backoff.heldBackFor('u', 'ip', 0)).toBe(60_000);
      expect((await s.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM rate_counters'))!.n).toBe(0);
    } finally {
      await s.close();
    }
  });
});
