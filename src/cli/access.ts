// `cli access grant|revoke EMAIL admin`, `… EMAIL dept-admin --department D`, `cli access list`.
import { z } from 'zod';
import type { Grant } from '../store/index.js';
import { DB_OPTION, openCliStore, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, parseCliArgs } from './io.js';

const USAGE =
  'Expected "access grant|revoke EMAIL admin", "access grant|revoke EMAIL dept-admin --department D" or "access list".';

export function run(args: string[], io: CliIo): Promise<number> {
  return reportingStoreErrors(io, () => runAccess(args, io));
}

async function runAccess(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { ...DB_OPTION, department: { type: 'string' } });
  const [sub, ...rest] = positionals;
  if (sub === 'list') {
    if (rest.length > 0) throw new CliUsageError(USAGE);
    const store = await openCliStore(values.db, io);
    try {
      const grants = await store.listGrants();
      if (grants.length === 0) io.out('No access grants: everyone sees only their own record.');
      for (const g of grants) io.out(describeGrant(g));
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub !== 'grant' && sub !== 'revoke') throw new CliUsageError(USAGE);
  const grant = parseGrant(rest, values.department);
  const store = await openCliStore(values.db, io);
  try {
    if (sub === 'grant') {
      if (!(await store.personByEmail(grant.email)))
        io.err(
          `Note: "${grant.email}" is not in the roster; the grant applies once they sign in with that email.`,
        );
      if (grant.role === 'dept-admin' && !(await store.departments()).includes(grant.department))
        io.err(`Note: no one on the current roster is in the department "${grant.department}".`);
      io.out(
        (await store.grant(grant))
          ? `Granted: ${describeGrant(grant)}`
          : `Already granted: ${describeGrant(grant)}`,
      );
      return 0;
    }
    if (await store.revoke(grant)) {
      io.out(`Revoked: ${describeGrant(grant)}`);
      return 0;
    }
    io.err(`No such grant: ${describeGrant(grant)}`);
    return 1;
  } finally {
    await store.close();
  }
}

function parseGrant(rest: string[], department: string | undefined): Grant {
  const [rawEmail, role, ...extra] = rest;
  if (!rawEmail || !role || extra.length > 0) throw new CliUsageError(USAGE);
  const email = z.email().safeParse(rawEmail.trim().toLowerCase());
  if (!email.success) throw new CliUsageError(`Not an e-mail address: "${rawEmail}".`);
  switch (role) {
    case 'admin':
      if (department !== undefined)
        throw new CliUsageError(`An admin sees every department: drop --department (got "${department}").`);
      return { email: email.data, role };
    case 'dept-admin':
      if (department === undefined || department.trim() === '')
        throw new CliUsageError('A dept-admin grant needs --department D.');
      return { email: email.data, role, department: department.trim() };
    default:
      throw new CliUsageError(`Unknown access role "${role}": expected admin or dept-admin.`);
  }
}

function describeGrant(grant: Grant): string {
  switch (grant.role) {
    case 'admin':
      return `${grant.email} admin (may broadcast and see every department)`;
    case 'dept-admin':
      return `${grant.email} dept-admin of "${grant.department}" (sees that department's completion)`;
    default:
      return grant satisfies never;
  }
}
