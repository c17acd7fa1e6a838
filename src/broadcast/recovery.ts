// After a crash: deliveries left 'sending' may or may not have reached the person. The platform says which
// (the delivery key travels with the message): found → sent, absent → pending again (sent once more, safely).
// If it cannot be asked, the delivery is recorded failed as unconfirmed rather than risk a second message:
// at most once, and the admin sees exactly whom to check.
import type { CampaignRepository, DeliveryRow } from '../store/campaigns.js';
import type { BroadcastPort } from './port.js';

export const UNCONFIRMED =
  'unconfirmed: the app stopped while this message was being sent, and Slack could not be asked whether it arrived';

/** The reason recorded for a delivery whose call failed ambiguously and that Slack could not be asked about. */
export function unconfirmedAfter(error: string): string {
  return `unconfirmed: Slack did not confirm this message (${error}) and could not be asked whether it arrived; it was not sent again`;
}

export interface Recovered {
  confirmed: number;
  resent: number;
  unconfirmed: number;
}

export interface RecoveryDeps {
  campaigns: Pick<CampaignRepository, 'sendingDeliveries' | 'markFailed' | 'release' | 'markSent'>;
  port: Pick<BroadcastPort, 'findDelivered'>;
  /** How long a call can still land after it was made: deliveries claimed more recently are looked up later. */
  settleMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Whether one in-doubt delivery arrived: its ts, false if it did not, null if that cannot be told. */
export async function findDelivered(
  port: RecoveryDeps['port'],
  row: DeliveryRow,
): Promise<string | false | null> {
  if (!row.target || !row.attemptKey || !row.claimedAt) return null;
  return port.findDelivered(row.target, row.attemptKey, new Date(row.claimedAt));
}

export async function recoverInDoubt(deps: RecoveryDeps, campaignId: number): Promise<Recovered> {
  const { campaigns } = deps;
  const result: Recovered = { confirmed: 0, resent: 0, unconfirmed: 0 };
  const inDoubt = await campaigns.sendingDeliveries(campaignId);
  // A call made just before the crash may still be on its way: looking now could miss it.
  const newest = Math.max(
    0,
    ...inDoubt.map((row) => (row.claimedAt ? new Date(row.claimedAt).getTime() : 0)),
  );
  const wait = newest + deps.settleMs - Date.now();
  if (inDoubt.length > 0 && wait > 0) await deps.sleep(wait);
  for (const row of inDoubt) {
    const found = await findDelivered(deps.port, row);
    if (found === null) {
      await campaigns.markFailed(row.id, UNCONFIRMED);
      result.unconfirmed += 1;
    } else if (found === false) {
      await campaigns.release(row.id);
      result.resent += 1;
    } else {
      await campaigns.markSent(row.id, found);
      result.confirmed += 1;
    }
  }
  return result;
}
