// Campaigns (the audit record) and their deliveries (one row per recipient); the tables come from migrations 2 and 5.
import type { Db } from './db.js';

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
  createCampaign(campaign: NewCampaign): number | null;
  campaign(id: number): CampaignRecord | null;
  campaignByScheduleKey(key: string): CampaignRecord | null;
  /** Newest first. */
  listCampaigns(limit?: number): CampaignRecord[];
  /** Sent for real and not finished: what a restart resumes, oldest first. */
  unfinishedCampaigns(): CampaignRecord[];
  counts(campaignId: number): DeliveryCounts;
  /** Why deliveries were skipped or failed, most frequent first. */
  reasons(campaignId: number): { status: 'skipped' | 'failed'; reason: string; count: number }[];
  /** Pending deliveries after `afterId`, in id order. */
  pendingDeliveries(campaignId: number, afterId: number, limit: number): DeliveryRow[];
  /** Claimed by a run that never recorded the outcome (a crash between the call and the write). */
  sendingDeliveries(campaignId: number): DeliveryRow[];
  delivery(id: number): DeliveryRow | null;
  /** pending → sending with a fresh attempt key and the Slack id it goes to; false when already claimed. */
  claim(deliveryId: number, attemptKey: string, target: string): boolean;
  markSent(deliveryId: number, messageTs: string): void;
  markSkipped(deliveryId: number, reason: string): void;
  markFailed(deliveryId: number, reason: string): void;
  /** sending → pending: the message is known not to have gone out. */
  release(deliveryId: number): void;
  setProgressMessage(campaignId: number, channel: string, ts: string): void;
  finish(campaignId: number, stoppedReason?: string | null): void;
  /** Marks stopped (not finished): a restart resumes it. */
  stop(campaignId: number, reason: string): void;
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
}

export function createCampaignRepository(db: Db, now: () => Date): CampaignRepository {
  const deliverySelect =
    'SELECT d.*, p.email AS email FROM deliveries d LEFT JOIN people p ON p.id = d.person_id';
  const s = {
    insertCampaign: db.prepare<Record<string, unknown>, { id: number }>(
      `INSERT INTO campaigns (kind, created_by, created_at, spec_json, dry_run, finished_at, schedule_key, recipients)
       VALUES (@kind, @createdBy, @createdAt, @spec, @dryRun, @finishedAt, @scheduleKey, @recipients)
       ON CONFLICT (schedule_key) DO NOTHING RETURNING id`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (campaign_id, person_id, target, status, updated_at) VALUES (?, ?, ?, 'pending', ?)`,
    ),
    campaign: db.prepare<[number], CampaignRow>('SELECT * FROM campaigns WHERE id = ?'),
    bySchedule: db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE schedule_key = ?'),
    list: db.prepare<[number], CampaignRow>('SELECT * FROM campaigns ORDER BY id DESC LIMIT ?'),
    unfinished: db.prepare<[], CampaignRow>(
      'SELECT * FROM campaigns WHERE dry_run = 0 AND finished_at IS NULL ORDER BY id',
    ),
    counts: db.prepare<[number], { status: DeliveryStatus; n: number }>(
      'SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY status',
    ),
    reasons: db.prepare<[number], { status: 'skipped' | 'failed'; reason: string | null; n: number }>(
      `SELECT status, reason, count(*) AS n FROM deliveries WHERE campaign_id = ? AND status IN ('skipped', 'failed')
       GROUP BY status, reason ORDER BY n DESC, reason`,
    ),
    pending: db.prepare<[number, number, number], DeliveryDbRow>(
      `${deliverySelect} WHERE d.campaign_id = ? AND d.status = 'pending' AND d.id > ? ORDER BY d.id LIMIT ?`,
    ),
    sending: db.prepare<[number], DeliveryDbRow>(
      `${deliverySelect} WHERE d.campaign_id = ? AND d.status = 'sending' ORDER BY d.id`,
    ),
    delivery: db.prepare<[number], DeliveryDbRow>(`${deliverySelect} WHERE d.id = ?`),
    claim: db.prepare(
      `UPDATE deliveries SET status = 'sending', attempt_key = ?, target = ?, claimed_at = ?,
         attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending'`,
    ),
    sent: db.prepare(
      `UPDATE deliveries SET status = 'sent', message_ts = ?, reason = NULL, updated_at = ? WHERE id = ?`,
    ),
    outcome: db.prepare('UPDATE deliveries SET status = ?, reason = ?, updated_at = ? WHERE id = ?'),
    release: db.prepare(
      `UPDATE deliveries SET status = 'pending', updated_at = ? WHERE id = ? AND status = 'sending'`,
    ),
    progress: db.prepare('UPDATE campaigns SET progress_channel = ?, progress_ts = ? WHERE id = ?'),
    finish: db.prepare('UPDATE campaigns SET finished_at = ?, stopped_reason = ? WHERE id = ?'),
    stop: db.prepare('UPDATE campaigns SET stopped_reason = ? WHERE id = ?'),
  };

  const stamp = () => now().toISOString();
  const get = (row: CampaignRow | undefined) => (row ? toCampaign(row) : null);

  const create = db.transaction((campaign: NewCampaign): number | null => {
    const createdAt = stamp();
    const inserted = s.insertCampaign.get({
      kind: campaign.kind,
      createdBy: campaign.createdBy,
      createdAt,
      spec: JSON.stringify(campaign.spec),
      dryRun: campaign.dryRun ? 1 : 0,
      finishedAt: campaign.dryRun ? createdAt : null,
      scheduleKey: campaign.scheduleKey ?? null,
      recipients: campaign.recipients,
    });
    if (inserted === undefined) return null;
    const { id } = inserted;
    for (const d of campaign.deliveries) s.insertDelivery.run(id, d.personId, d.target, createdAt);
    return id;
  });

  return {
    createCampaign: (campaign) => create.immediate(campaign),
    campaign: (id) => get(s.campaign.get(id)),
    campaignByScheduleKey: (key) => get(s.bySchedule.get(key)),
    listCampaigns: (limit = 20) => s.list.all(limit).map(toCampaign),
    unfinishedCampaigns: () => s.unfinished.all().map(toCampaign),
    counts(campaignId) {
      const counts: DeliveryCounts = { pending: 0, sending: 0, sent: 0, skipped: 0, failed: 0, total: 0 };
      for (const { status, n } of s.counts.all(campaignId)) {
        counts[status] = n;
        counts.total += n;
      }
      return counts;
    },
    reasons: (campaignId) =>
      s.reasons.all(campaignId).map((r) => ({ status: r.status, reason: r.reason ?? 'unknown', count: r.n })),
    pendingDeliveries: (campaignId, afterId, limit) =>
      s.pending.all(campaignId, afterId, limit).map(toDelivery),
    sendingDeliveries: (campaignId) => s.sending.all(campaignId).map(toDelivery),
    delivery(id) {
      const row = s.delivery.get(id);
      return row ? toDelivery(row) : null;
    },
    claim(deliveryId, attemptKey, target) {
      const at = stamp();
      return s.claim.run(attemptKey, target, at, at, deliveryId).changes > 0;
    },
    markSent(deliveryId, messageTs) {
      s.sent.run(messageTs, stamp(), deliveryId);
    },
    markSkipped(deliveryId, reason) {
      s.outcome.run('skipped', reason, stamp(), deliveryId);
    },
    markFailed(deliveryId, reason) {
      s.outcome.run('failed', reason, stamp(), deliveryId);
    },
    release(deliveryId) {
      s.release.run(stamp(), deliveryId);
    },
    setProgressMessage(campaignId, channel, ts) {
      s.progress.run(channel, ts, campaignId);
    },
    finish(campaignId, stoppedReason = null) {
      s.finish.run(stamp(), stoppedReason, campaignId);
    },
    stop(campaignId, reason) {
      s.stop.run(reason, campaignId);
    },
  };
}

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
  };
}
