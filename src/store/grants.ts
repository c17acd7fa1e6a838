// Access grants: who may use the admin commands, keyed by email (an administrator need not be on the roster).
import { type Db, StoreError } from './db.js';

export type Grant =
  | { email: string; role: 'admin' }
  | { email: string; role: 'dept-admin'; department: string };
export type GrantRole = Grant['role'];

export interface GrantsRepository {
  grants(email: string): Grant[];
  /** False when the grant already existed. */
  grant(grant: Grant): boolean;
  /** False when there was no such grant. */
  revoke(grant: Grant): boolean;
  listGrants(): Grant[];
}

interface GrantRow {
  email: string;
  role: GrantRole;
  department: string;
}

export function createGrantsRepository(db: Db, now: () => Date): GrantsRepository {
  const statements = {
    grantsOf: db.prepare<[string], GrantRow>(
      'SELECT email, role, department FROM access_grants WHERE email = ? ORDER BY role, department',
    ),
    allGrants: db.prepare<[], GrantRow>(
      'SELECT email, role, department FROM access_grants ORDER BY email, role, department',
    ),
    insertGrant: db.prepare(
      'INSERT INTO access_grants (email, role, department, granted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    deleteGrant: db.prepare('DELETE FROM access_grants WHERE email = ? AND role = ? AND department = ?'),
  };
  return {
    grants(email) {
      return statements.grantsOf.all(email.trim().toLowerCase()).map(toGrant);
    },

    grant(grant) {
      const { email, role, department } = grantKey(grant);
      return statements.insertGrant.run(email, role, department, now().toISOString()).changes > 0;
    },

    revoke(grant) {
      const { email, role, department } = grantKey(grant);
      return statements.deleteGrant.run(email, role, department).changes > 0;
    },

    listGrants() {
      return statements.allGrants.all().map(toGrant);
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
