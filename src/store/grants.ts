// Access grants: who may use the admin commands, keyed by email (an administrator need not be on the roster).
import { coalesce } from '../coalesce.js';
import { compiledOnce } from './compiled.js';
import type { StoreConnection } from './connection.js';
import { StoreError } from './errors.js';

export type Grant =
  | { email: string; role: 'admin' }
  | { email: string; role: 'dept-admin'; department: string };
export type GrantRole = Grant['role'];

export interface GrantsRepository {
  grants(email: string): Promise<Grant[]>;
  /** False when the grant already existed. */
  grant(grant: Grant): Promise<boolean>;
  /** False when there was no such grant. */
  revoke(grant: Grant): Promise<boolean>;
  listGrants(): Promise<Grant[]>;
}

interface GrantRow {
  email: string;
  role: GrantRole;
  department: string;
}

export function createGrantsRepository(connection: StoreConnection, now: () => Date): GrantsRepository {
  const { db } = connection;
  const rows = () => db.selectFrom('access_grants').select(['email', 'role', 'department']);
  // Asked with every DM: built and compiled once (compiled.ts)…
  const grantsOf = compiledOnce<{ email: string }, GrantRow>((value) =>
    rows().where('email', '=', value('email')).orderBy('role').orderBy('department'),
  );
  // …or, on PostgreSQL, for the DMs asking together in one statement (connection.coalesceReads).
  const grantsOfMany = coalesce<string, Grant[]>(async (emails) => {
    const found = new Map<string, Grant[]>();
    for (const row of await rows()
      .where('email', 'in', [...new Set(emails)])
      .orderBy('email')
      .orderBy('role')
      .orderBy('department')
      .execute()) {
      const own = found.get(row.email);
      if (own) own.push(toGrant(row));
      else found.set(row.email, [toGrant(row)]);
    }
    // Each caller its own list: the same email asked twice in a batch must not share one array.
    return emails.map((email) => [...(found.get(email) ?? [])]);
  });
  return {
    async grants(email) {
      const key = email.trim().toLowerCase();
      if (connection.coalesceReads) return grantsOfMany(key);
      const { rows: found } = await grantsOf(db, { email: key });
      return found.map(toGrant);
    },

    async grant(grant) {
      const row = grantKey(grant);
      const result = await db
        .insertInto('access_grants')
        .values({ ...row, granted_at: now().toISOString() })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async revoke(grant) {
      const { email, role, department } = grantKey(grant);
      const result = await db
        .deleteFrom('access_grants')
        .where('email', '=', email)
        .where('role', '=', role)
        .where('department', '=', department)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async listGrants() {
      return (await rows().orderBy('email').orderBy('role').orderBy('department').execute()).map(toGrant);
    },
  };
}

function grantKey(grant: Grant): GrantRow {
  const email = grant.email.trim().toLowerCase();
  switch (grant.role) {
    case 'admin':
      return { email, role: 'admin', department: '' };
    case 'dept-admin':
      if (grant.department.trim() === '')
        throw new StoreError(`A dept-admin grant needs a department (got "${grant.department}").`);
      return { email, role: 'dept-admin', department: grant.department.trim() };
    default:
      return grant satisfies never;
  }
}

function toGrant(row: GrantRow): Grant {
  return row.role === 'admin'
    ? { email: row.email, role: 'admin' }
    : { email: row.email, role: 'dept-admin', department: row.department };
}
