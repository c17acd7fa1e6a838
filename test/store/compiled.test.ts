// compiledOnce (src/store/compiled.ts): a statement built once binds each call's values where the builder put
// them, keeps the builder's own constants, and runs on the connection or in a transaction.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/store/compiled.js';

interface Db {
  t: { id: number; name: string; kind: string };
}
const open: Kysely<Db>[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

async function table(): Promise<Kysely<Db>> {
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  open.push(db);
  await db.schema
    .createTable('t')
    .addColumn('id', 'integer')
    .addColumn('name', 'text')
    .addColumn('kind', 'text')
    .execute();
  await db
    .insertInto('t')
    .values([
      { id: 1, name: 'a', kind: 'x' },
      { id: 2, name: 'b', kind: 'y' },
      { id: 3, name: 'b', kind: 'x' },
    ])
    .execute();
  return db;
}

describe('compiledOnce', () => {
  it("binds each call's values in the builder's places and keeps its constants", async () => {
    const db = await table();
    let built = 0;
    const named = compiledOnce<{ name: string; above: number }, { id: number }>((value) => {
      built += 1;
      return db
        .selectFrom('t')
        .select('id')
        .where('kind', '=', 'x')
        .where('id', '>', value('above'))
        .where('name', '=', value('name'))
        .orderBy('id');
    });
    expect((await named(db, { name: 'b', above: 0 })).rows).toEqual([{ id: 3 }]);
    expect((await named(db, { name: 'a', above: 0 })).rows).toEqual([{ id: 1 }]);
    expect((await named(db, { name: 'a', above: 1 })).rows).toEqual([]);
    expect(built).toBe(1);
  });

  it('runs in a transaction, and counts the rows an update changed', async () => {
    const db = await table();
    const rename = compiledOnce<{ from: string; to: string }, unknown>((value) =>
      db
        .updateTable('t')
        .set({ name: value('to') })
        .where('name', '=', value('from')),
    );
    const changed = await db
      .transaction()
      .execute(async (trx) => (await rename(trx, { from: 'b', to: 'c' })).numAffectedRows);
    expect(changed).toBe(2n);
    expect(await db.selectFrom('t').select('name').orderBy('id').execute()).toEqual([
      { name: 'a' },
      { name: 'c' },
      { name: 'c' },
    ]);
  });
});
