// Campaigns (the audit record) and their deliveries (one row per recipient); the tables come from migrations 2 and 5.
import type { StoreConnection } from './connection.js';

export type CampaignKind = 'reminder' | 'announcement';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'sending',
  'sent',
  'skipped',
  'failed',
];

export type DeliveryCounts = Record<DeliveryStatus, number> & { total: number };

export interface CampaignRecord {
  id: number;
  kind: CampaignKind;
  /** An admin's email, `cli:<user>` or `scheduler`. */
  createdBy: string;
  createdAt: string;
  /** The audience filters, template and note as given. */
  spec: unknown;
  dryRun: boolean;
  finishedAt: string | null;
  scheduleKey: string | null;
  recipients: number;
  progress: { channel: string; ts: string } | null;
  /** Why sending stopped before every delivery was done (e.g. `invalid_auth`); null otherwise. */
  stoppedReason: string | null;
}

export interface NewDelivery {
  personId: number | null;
  /** A Slack user id, a channel id, or null when the person has no Slack account. */
  target: string | null;
  /** The zone its moment was worked out in (the person's Slack zone, or the cycle's). */
  timeZone?: string | null;
  /** Not before this moment (ISO); null or absent: at once. */
  sendAfter?: string | null;
}

export interface DeliveryRow {
  id: number;
  campaignId: number;
  personId: number | null;
  /** The person's roster email (null for an announcement). */
  email: string | null;
  target: string | null;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  attemptKey: string | null;
  claimedAt: string | null;
  messageTs: string | null;
  timeZone: string | null;
  /** Not before this moment (ISO); null: at once. */
  sendAfter: string | null;
}

export interface NewCampaign {
  kind: CampaignKind;
  createdBy: string;
  spec: unknown;
  dryRun?: boolean;
  scheduleKey?: string;
  recipients: number;
  deliveries: readonly NewDelivery[];
}

export interface CampaignRepository {
  /**
   * Writes the campaign and all its deliveries in one transaction, before anything is sent. Returns null when
   * `scheduleKey` already has a campaign: each scheduled reminder occurs once, whatever restarts happen.
   */
  createCampaign(campaign: NewCampaign): Promise<number | null>;
  campaign(id: number): Promise<CampaignRecord | null>;
  campaignByScheduleKey(key: string): Promise<CampaignRecord | null>;
  /** Newest first. */
  listCampaigns(limit?: number): Promise<CampaignRecord[]>;
  /** Sent for real and not finished: what a restart resumes, oldest first. */
  unfinishedCampaigns(): Promise<CampaignRecord[]>;
  counts(campaignId: number): Promise<DeliveryCounts>;
  /** Why deliveries were skipped or failed, most frequent first. */
  reasons(campaignId: number): Promise<{ status: 'skipped' | 'failed'; reason: string; count: number }[]>;
  /** Pending deliveries after `afterId`, in id order; with `dueBy` (ISO), only those that may go out by then. */
  pendingDeliveries(
    campaignId: number,
    afterId: number,
    limit: number,
    dueBy?: string,
  ): Promise<DeliveryRow[]>;
  /** The earliest moment a pending delivery waits for (ISO); null when none waits. */
  nextSendAfter(campaignId: number): Promise<string | null>;
  /** A pending delivery moved to a later moment (its person's hours were over when its turn came). */
  defer(deliveryId: number, sendAfter: string): Promise<void>;
  /** Claimed by a run that never recorded the outcome (a crash between the call and the write). */
  sendingDeliveries(campaignId: number): Promise<DeliveryRow[]>;
  delivery(id: number): Promise<DeliveryRow | null>;
  /** pending → sending with a fresh attempt key and the Slack id it goes to; false when already claimed. */
  claim(deliveryId: number, attemptKey: string, target: string): Promise<boolean>;
  markSent(deliveryId: number, messageTs: string): Promise<void>;
  markSkipped(deliveryId: number, reason: string): Promise<void>;
  markFailed(deliveryId: number, reason: string): Promise<void>;
  /** sending → pending: the message is known not to have gone out. */
  release(deliveryId: number): Promise<void>;
  setProgressMessage(campaignId: number, channel: string, ts: string): Promise<void>;
  finish(campaignId: number, stoppedReason?: string | null): Promise<void>;
  /** Marks stopped (not finished): a restart resumes it. */
  stop(campaignId: number, reason: string): Promise<void>;
}

interface CampaignRow {
  id: number;
  kind: CampaignKind;
  created_by: string;
  created_at: string;
  spec_json: string;
  dry_run: number;
  finished_at: string | null;
  schedule_key: string | null;
  recipients: number;
  progress_channel: string | null;
  progress_ts: string | null;
  stopped_reason: string | null;
}

interface DeliveryDbRow {
  id: number;
  campaign_id: number;
  person_id: number | null;
  email: string | null;
  target: string | null;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  attempt_key: string | null;
  claimed_at: string | null;
  message_ts: string | null;
  time_zone: string | null;
  send_after: string | null;
}

export function createCampaignRepository(connection: StoreConnection, now: () => Date): CampaignRepository {
  const { db } = connection;
  const stamp = () => now().toISOString();
  const campaigns = () => db.selectFrom('campaigns').selectAll();
  const deliveries = () =>
    db
      .selectFrom('deliveries as d')
      .leftJoin('people as p', 'p.id', 'd.person_id')
      .selectAll('d')
      .select('p.email as email');
  const get = (row: CampaignRow | undefined) => (row ? toCampaign(row) : null);
  const outcome = async (deliveryId: number, status: 'skipped' | 'failed', reason: string) => {
    await db
      .updateTable('deliveries')
      .set({ status, reason, updated_at: stamp() })
      .where('id', '=', deliveryId)
      .execute();
  };

  return {
    createCampaign(campaign) {
      return connection.writing(async (trx) => {
        const createdAt = stamp();
        const inserted = await trx
          .insertInto('campaigns')
          .values({
            kind: campaign.kind,
            created_by: campaign.createdBy,
            created_at: createdAt,
            spec_json: JSON.stringify(campaign.spec),
            dry_run: campaign.dryRun ? 1 : 0,
            finished_at: campaign.dryRun ? createdAt : null,
            schedule_key: campaign.scheduleKey ?? null,
            recipients: campaign.recipients,
          })
          .onConflict((conflict) => conflict.column('schedule_key').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted === undefined) return null;
        const { id } = inserted;
        // A chunk's rows at a time: 20,000 deliveries are not copied into 20,000 rows at once.
        const { deliveries } = campaign;
        for (let i = 0; i < deliveries.length; i += INSERT_CHUNK)
          await trx
            .insertInto('deliveries')
            .values(
              deliveries.slice(i, i + INSERT_CHUNK).map((d) => ({
                campaign_id: id,
                person_id: d.personId,
                target: d.target,
                time_zone: d.timeZone ?? null,
                send_after: d.sendAfter ?? null,
                status: 'pending' as const,
                updated_at: createdAt,
              })),
            )
            .execute();
        return id;
      });
    },
    campaign: async (id) => get(await campaigns().where('id', '=', id).executeTakeFirst()),
    campaignByScheduleKey: async (key) =>
      get(await campaigns().where('schedule_key', '=', key).executeTakeFirst()),
    listCampaigns: async (limit = 20) =>
      (await campaigns().orderBy('id', 'desc').limit(limit).execute()).map(toCampaign),
    unfinishedCampaigns: async () =>
      (
        await campaigns().where('dry_run', '=', 0).where('finished_at', 'is', null).orderBy('id').execute()
      ).map(toCampaign),
    async counts(campaignId) {
      const counts: DeliveryCounts = { pending: 0, sending: 0, sent: 0, skipped: 0, failed: 0, total: 0 };
      const rows = await db
        .selectFrom('deliveries')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', campaignId)
        .groupBy('status')
        .execute();
      for (const { status, n } of rows) {
        counts[status] = Number(n);
        counts.total += Number(n);
      }
      return counts;
    },
    async reasons(campaignId) {
      const rows = await db
        .selectFrom('deliveries')
        .select((eb) => ['status', 'reason', eb.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', campaignId)
        .where('status', 'in', ['skipped', 'failed'])
        .groupBy(['status', 'reason'])
        .orderBy('n', 'desc')
        .orderBy('reason')
        .execute();
      return rows.map((r) => ({
        status: r.status as 'skipped' | 'failed',
        reason: r.reason ?? 'unknown',
        count: Number(r.n),
      }));
    },
    pendingDeliveries: async (campaignId, afterId, limit, dueBy) =>
      (
        await deliveries()
          .where('d.campaign_id', '=', campaignId)
          .where('d.status', '=', 'pending')
          .where('d.id', '>', afterId)
          .$if(dueBy !== undefined, (q) =>
            q.where((eb) =>
              eb.or([eb('d.send_after', 'is', null), eb('d.send_after', '<=', dueBy as string)]),
            ),
          )
          .orderBy('d.id')
          .limit(limit)
          .execute()
      ).map(toDelivery),
    async nextSendAfter(campaignId) {
      const row = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.min<string>('send_after').as('next'))
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.next ?? null;
    },
    async defer(deliveryId, sendAfter) {
      await db
        .updateTable('deliveries')
        .set({ send_after: sendAfter, updated_at: stamp() })
        .where('id', '=', deliveryId)
        .where('status', '=', 'pending')
        .execute();
    },
    sendingDeliveries: async (campaignId) =>
      (
        await deliveries()
          .where('d.campaign_id', '=', campaignId)
          .where('d.status', '=', 'sending')
          .orderBy('d.id')
          .execute()
      ).map(toDelivery),
    async delivery(id) {
      const row = await deliveries().where('d.id', '=', id).executeTakeFirst();
      return row ? toDelivery(row) : null;
    },
    async claim(deliveryId, attemptKey, target) {
      const at = stamp();
      const result = await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'sending',
          attempt_key: attemptKey,
          target,
          claimed_at: at,
          attempts: eb('attempts', '+', 1),
          updated_at: at,
        }))
        .where('id', '=', deliveryId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async markSent(deliveryId, messageTs) {
      await db
        .updateTable('deliveries')
        .set({ status: 'sent', message_ts: messageTs, reason: null, updated_at: stamp() })
        .where('id', '=', deliveryId)
        .execute();
    },
    markSkipped: (deliveryId, reason) => outcome(deliveryId, 'skipped', reason),
    markFailed: (deliveryId, reason) => outcome(deliveryId, 'failed', reason),
    async release(deliveryId) {
      await db
        .updateTable('deliveries')
        .set({ status: 'pending', updated_at: stamp() })
        .where('id', '=', deliveryId)
        .where('status', '=', 'sending')
        .execute();
    },
    async setProgressMessage(campaignId, channel, ts) {
      await db
        .updateTable('campaigns')
        .set({ progress_channel: channel, progress_ts: ts })
        .where('id', '=', campaignId)
        .execute();
    },
    async finish(campaignId, stoppedReason = null) {
      await db
        .updateTable('campaigns')
        .set({ finished_at: stamp(), stopped_reason: stoppedReason })
        .where('id', '=', campaignId)
        .execute();
    },
    async stop(campaignId, reason) {
      await db
        .updateTable('campaigns')
        .set({ stopped_reason: reason })
        .where('id', '=', campaignId)
        .execute();
    },
  };
}

// Rows per multi-row INSERT: well under both engines' limits on bound parameters.
const INSERT_CHUNK = 500;

function toCampaign(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    kind: row.kind,
    createdBy: row.created_by,
    createdAt: row.created_at,
    spec: JSON.parse(row.spec_json) as unknown,
    dryRun: row.dry_run === 1,
    finishedAt: row.finished_at,
    scheduleKey: row.schedule_key,
    recipients: row.recipients,
    progress:
      row.progress_channel !== null && row.progress_ts !== null
        ? { channel: row.progress_channel, ts: row.progress_ts }
        : null,
    stoppedReason: row.stopped_reason,
  };
}

function toDelivery(row: DeliveryDbRow): DeliveryRow {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    personId: row.person_id,
    email: row.email,
    target: row.target,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    attemptKey: row.attempt_key,
    claimedAt: row.claimed_at,
    messageTs: row.message_ts,
    timeZone: row.time_zone,
    sendAfter: row.send_after,
  };
}
