// One process at a time for a job, when several app processes (replicas) share the database: the scheduler
// and the retention jobs run where the "jobs" lease is held, a campaign where its own lease is. A holder renews
// its lease well before it expires; a holder that dies stops renewing, and another takes over after the TTL.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseRepository } from '../store/index.js';

/** How long a lease lasts without renewal (LEASE_TTL_MS): the longest a dead replica's job waits for another. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

export interface Lease {
  readonly name: string;
  /** How often a long job should call held() to keep the lease (a sixth of the TTL). */
  readonly renewEveryMs: number;
  /** Whether this process holds it now: takes it when free, renews it when due. */
  held(): Promise<boolean>;
  /** Gives it up at once (a clean stop): another process need not wait for the TTL. */
  release(): Promise<void>;
}

export interface LeaseDeps {
  leases: LeaseRepository;
  name: string;
  /** This process (replicaId()). */
  holder: string;
  ttlMs?: number;
  now?: () => number;
}

/** An id for this process among the replicas: host, pid and a random part (a restarted pid is someone else). */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function createLease(deps: LeaseDeps): Lease {
  const ttlMs = deps.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const now = deps.now ?? Date.now;
  // Renewed when a third of the TTL has passed: the database is asked at most three times per TTL.
  let heldUntil = Number.NEGATIVE_INFINITY;
  return {
    name: deps.name,
    renewEveryMs: Math.max(10, Math.floor(ttlMs / 6)),
    async held() {
      const t = now();
      if (t < heldUntil - (ttlMs * 2) / 3) return true;
      if (await deps.leases.acquire(deps.name, deps.holder, t, ttlMs)) {
        heldUntil = t + ttlMs;
        return true;
      }
      heldUntil = Number.NEGATIVE_INFINITY;
      return false;
    },
    async release() {
      heldUntil = Number.NEGATIVE_INFINITY;
      await deps.leases.release(deps.name, deps.holder);
    },
  };
}
