// What only PostgreSQL has to get right: a connection the server dropped is opened again, and a refused value
// stays out of the error (errors reach the logs, and a value may be something a person typed).
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { outsideQuery } from '../support/engines.js';
import { freshPostgresUrl } from '../support/postgres.js';

describe('the PostgreSQL connection', () => {
  it('is opened again after the server drops it, and the store goes on', async () => {
    const plain = await freshPostgresUrl();
    const url = new URL(plain);
    const name = `dropped_${process.pid}_${Date.now()}`;
    url.searchParams.set('application_name', name);
    const store = openStore({ path: url.toString() });
    try {
      store.grant({ email: 'rhea.admin@example.edu', role: 'admin' });
      const [killed] = await outsideQuery<{ n: number | string }>(
        plain,
        `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = '${name}'`,
      );
      expect(Number(killed?.n)).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(store.listGrants()).toEqual([{ email: 'rhea.admin@example.edu', role: 'admin' }]);
      expect(store.stats().people).toBe(0);
    } finally {
      store.close();
    }
  });

  it('keeps a refused value out of the error message', async () => {
    const store = openStore({ path: await freshPostgresUrl() });
    try {
      let message = '';
      try {
        store.campaigns.delivery('zq-secret-words' as unknown as number);
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/PostgresError: invalid input syntax for type integer/);
      expect(message).not.toContain('zq-secret-words');
    } finally {
      store.close();
    }
  });
});
