// Who is asking: a Slack user (or a console `--as` email) resolved to their roster record and access grants.

import { coalesce } from '../coalesce.js';
import { AppError, messageOf } from '../errors.js';
import type { Profile } from '../rules/index.js';
import type { Grant, SlackLink, Store } from '../store/index.js';

export interface Viewer {
  /** Null in the console. */
  slackUserId: string | null;
  /** Their email, when known (Slack profile or roster): what access grants are keyed by. */
  email: string | null;
  /** Their record on the current roster, or null: the bot never answers from anyone else's. */
  profile: Profile | null;
  grants: Grant[];
  /** The database could not be read: no record is known, which is not the same as having none. */
  recordsUnavailable?: true;
}

export type IdentityStore = Pick<Store, 'personBySlackId' | 'personByEmail' | 'linkSlackUsers' | 'grants'>;

export interface IdentityDeps {
  store: IdentityStore;
  /** The email Slack has for a user (users.info, scope users:read.email), or null when hidden or unknown. */
  lookupEmail: (slackUserId: string) => Promise<string | null>;
}

export interface Identity {
  /** By the Slack id the roster or an earlier lookup linked; else by Slack email, remembered for next time. */
  resolve(slackUserId: string): Promise<Viewer>;
  /** The console's `--as EMAIL`. */
  byEmail(email: string): Promise<Viewer>;
}

/** A read of the roster or the grants failed (the database is closed, down, or refused the statement). */
export class RecordsUnavailable extends AppError {
  static override readonly code = 'records_unavailable';
  static override readonly expected = true;
  override name = 'RecordsUnavailable';
}

/** The store's answer; any failure of it (whatever the engine throws) as RecordsUnavailable. */
async function read<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new RecordsUnavailable(messageOf(error), { cause: error });
  }
}

export function createIdentity(deps: IdentityDeps): Identity {
  const { store } = deps;
  // The links asked for together go in one transaction (coalesce.ts): a burst of first DMs, one commit.
  const link = coalesce<SlackLink, boolean>((links) => store.linkSlackUsers(links));
  const byEmail = async (email: string, slackUserId: string | null): Promise<Viewer> => {
    // Both keyed by the email: asked together (on PostgreSQL, two connections at once instead of two round trips
    // one after the other).
    const [person, grants] = await Promise.all([store.personByEmail(email), store.grants(email)]);
    const profile = person?.active ? person.profile : null;
    return { slackUserId, email: person?.profile.email ?? email, profile, grants };
  };
  return {
    byEmail: (email) => byEmail(email.trim(), null),
    async resolve(slackUserId) {
      try {
        return await resolveLinked(slackUserId);
      } catch (error) {
        // The database is down: FAQ answers still work; personal ones say the record cannot be read now.
        if (!(error instanceof RecordsUnavailable)) throw error;
        return { slackUserId, email: null, profile: null, grants: [], recordsUnavailable: true };
      }
    },
  };

  /** By the Slack id the roster or an earlier lookup linked; else by Slack email, remembered for next time. */
  async function resolveLinked(slackUserId: string): Promise<Viewer> {
    const linked = await read(() => store.personBySlackId(slackUserId));
    if (linked) {
      const email = linked.profile.email;
      return {
        slackUserId,
        email,
        profile: linked.active ? linked.profile : null,
        grants: await read(() => store.grants(email)),
      };
    }
    const email = await deps.lookupEmail(slackUserId);
    if (email === null) return { slackUserId, email: null, profile: null, grants: [] };
    const viewer = await read(() => byEmail(email, slackUserId));
    // Only a roster match is linked: the link is what later messages are matched by. Written beside the answer,
    // not before it: this message is answered from the email match already, and a link that cannot be written
    // now (the database locked or down) is tried again with the person's next message.
    if (viewer.profile) void link({ email, slackUserId }).catch(() => {});
    return viewer;
  }
}
