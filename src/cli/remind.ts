// `cli remind`: the reminder composer from a terminal. A dry run needs neither Slack nor a token; sending
// needs SLACK_BOT_TOKEN (and SLACK_API_URL for anything but slack.com). `--resume` finishes what a crash left.
import { userInfo } from 'node:os';
import { DirectoryError } from '../broadcast/directory.js';
import {
  AudienceError,
  type AudienceState,
  announcementRequest,
  CampaignError,
  type CampaignProgress,
  type CampaignRequest,
  type CampaignSummary,
  NotAllowedError,
  occurrencesOn,
  type Preview,
  parseAudienceState,
  reminderRequest,
  resolveAudience,
  type Sender,
  TemplateError,
} from '../broadcast/index.js';
import { type Content, loadContent } from '../content/load.js';
import { createCoreBroadcast } from '../core.js';
import { messageOf } from '../errors.js';
import { replicaId } from '../jobs/lease.js';
import { DAY_MS, dayIn, InvalidMomentError, parseMoment, startOfDayIn } from '../rules/index.js';
import { slackBroadcastPort } from '../slack/web-api/index.js';
import type { Store } from '../store/index.js';
import { SEND_TIMES_HEADER, sendTimeLine } from '../text/format.js';
import { DB_OPTION, openCliStore, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, cliConfig, contentDir, parseCliArgs } from './io.js';

/** How far ahead `--schedule` looks by default. */
const SCHEDULE_DAYS = 14;

export const run = (args: string[], io: CliIo) => reportingStoreErrors(io, () => runRemind(args, io));

async function runRemind(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    ...DB_OPTION,
    content: { type: 'string' },
    group: { type: 'string' },
    department: { type: 'string' },
    state: { type: 'string' },
    days: { type: 'string' },
    template: { type: 'string' },
    note: { type: 'string' },
    channel: { type: 'string' },
    'dry-run': { type: 'boolean' },
    on: { type: 'string' },
    as: { type: 'string' },
    rate: { type: 'string' },
    resume: { type: 'boolean' },
    history: { type: 'boolean' },
    schedule: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new CliUsageError(`Unexpected "${positionals.join(' ')}".`);
  const content = loadContent(contentDir(values.content, io));
  const zone = content.schedule.cycle.timeZone;
  // `--on`: the day the rules answer for (who is overdue, days left); what is recorded keeps real time.
  let rulesDate: () => Date = () => new Date();
  if (values.on !== undefined) {
    try {
      const fixed = parseMoment(values.on, zone);
      rulesDate = () => fixed;
    } catch (error) {
      if (error instanceof InvalidMomentError) throw new CliUsageError(`--on: ${error.message}.`);
      throw error;
    }
  }
  const config = cliConfig(io);
  const store = await openCliStore(values.db, io, content.schedule);
  try {
    if (values.history) return await history(store, io);
    if (values.schedule) return await schedule(store, content, rulesDate(), values.days, io);
    const sender: Sender = values.as
      ? { kind: 'person', id: values.as.trim().toLowerCase(), grants: await store.grants(values.as) }
      : { kind: 'system', id: `cli:${userInfo().username}` };
    const dryRun = values['dry-run'] ?? false;
    const token = config.slack.botToken;
    if (!dryRun && !token) {
      io.err('Sending needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…); a --dry-run does not.');
      return 1;
    }
    const rate = values.rate === undefined ? config.broadcast.ratePerMinute : Number(values.rate);
    // Whole messages per minute, as BROADCAST_RATE_PER_MINUTE; the flag may go past its ceiling for one run.
    if (!(Number.isInteger(rate) && rate >= 1))
      throw new CliUsageError(
        `--rate must be a whole number of messages per minute, at least 1 (got "${values.rate}").`,
      );
    const service = createCoreBroadcast(store, {
      content,
      port: slackBroadcastPort({
        token: token ?? 'dry-run',
        apiUrl: config.slack.apiUrl,
        timeoutMs: config.broadcast.requestTimeoutMs,
      }),
      broadcast: { ratePerMinute: rate, requestTimeoutMs: config.broadcast.requestTimeoutMs },
      rulesDate,
      // The app may be sending from the same database: one sender per campaign, one pace for both.
      replica: { holder: `cli:${replicaId()}`, leaseTtlMs: config.leaseTtlMs },
    });
    try {
      const onProgress = (p: CampaignProgress) => io.out(progressLine(p));
      if (values.resume) {
        const summaries = await service.broadcaster.resumeUnfinished({ onProgress });
        // A campaign whose sender died (a crash, a kill) stays leased to it for LEASE_TTL_MS: wait that out
        // rather than send the operator away; one still being sent by a live process stays with it.
        const deadline = Date.now() + config.leaseTtlMs + 2000;
        for (let i = 0; i < summaries.length; i++) {
          let summary = summaries[i] as CampaignSummary;
          if (summary.elsewhere)
            io.out(
              `Campaign #${summary.campaignId} is held by another app process, or by one that stopped without letting go: waiting up to ${Math.ceil((deadline - Date.now()) / 1000)} s for it.`,
            );
          while (summary.elsewhere && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 500));
            summary = await service.broadcaster.run(summary.campaignId, { onProgress });
          }
          summaries[i] = summary;
        }
        if (summaries.length === 0) io.out('Nothing to resume: every campaign is finished.');
        for (const s of summaries) io.out(summaryText(s));
        return summaries.some((s) => exitCode(s) !== 0) ? 1 : 0;
      }
      const request = requestFrom(values);
      try {
        if (dryRun) {
          const preview = await service.broadcaster.dryRun(request, sender);
          io.out(previewText(preview, content.schedule.cycle.timeZone));
          return 0;
        }
        const started = await service.broadcaster.start(request, sender);
        io.out(
          `Campaign #${started.campaignId}: ${started.recipients} recipient(s), written before sending.`,
        );
        const summary = await service.broadcaster.run(started.campaignId, { onProgress });
        io.out(summaryText(summary));
        return exitCode(summary);
      } catch (error) {
        // Slack refused or could not be reached while finding the recipients: nothing was sent, say why.
        if (error instanceof NotAllowedError || error instanceof DirectoryError) {
          io.err(error.message);
          return 1;
        }
        if (
          error instanceof AudienceError ||
          error instanceof TemplateError ||
          error instanceof CampaignError
        )
          throw new CliUsageError(error.message);
        throw error;
      }
    } finally {
      service.close();
    }
  } finally {
    await store.close();
  }
}

function requestFrom(values: Record<string, string | boolean | undefined>): CampaignRequest {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const template = str('template');
  if (!template)
    throw new CliUsageError('--template is required (a template id from content/reminders.yml).');
  const note = str('note');
  const channel = str('channel');
  if (channel) {
    return announcementRequest({ template, channel, group: str('group'), note });
  }
  let state: AudienceState;
  try {
    state = parseAudienceState(str('state') ?? 'not-completed');
  } catch (error) {
    throw new CliUsageError(messageOf(error));
  }
  const days = str('days');
  if (state === 'due_within' && days === undefined)
    throw new CliUsageError('--state due-within needs --days N.');
  const withinDays = days === undefined ? undefined : Number(days);
  if (withinDays !== undefined && !(Number.isInteger(withinDays) && withinDays >= 0))
    throw new CliUsageError(`--days must be a whole number, 0 or more (got "${days}").`);
  return reminderRequest({
    template,
    state,
    withinDays,
    group: str('group'),
    department: str('department'),
    note,
  });
}

/** 1 when the campaign stopped (a refused token) or nothing it tried to send got through. */
export function exitCode(s: CampaignSummary): number {
  if (s.stoppedReason) return 1;
  return s.counts.sent === 0 && s.counts.failed > 0 ? 1 : 0;
}

function progressLine(p: CampaignProgress): string {
  const c = p.counts;
  return `#${p.campaignId} ${p.done ? 'done' : p.stoppedReason ? 'stopped' : 'sending'}: sent ${c.sent}, skipped ${c.skipped}, failed ${c.failed}, pending ${c.pending + c.sending} of ${c.total}`;
}

export function summaryText(s: CampaignSummary): string {
  if (s.elsewhere)
    return `Campaign #${s.campaignId} (${s.templateName}) is being sent by another app process on this database; nothing was sent from here.\n  sent ${s.counts.sent}, skipped ${s.counts.skipped}, failed ${s.counts.failed}, not sent yet ${s.counts.pending + s.counts.sending}`;
  const lines = [
    `Campaign #${s.campaignId} (${s.templateName}) ${s.stoppedReason ? `stopped: Slack answered "${s.stoppedReason}"; run "cli remind --resume" once it is fixed` : 'finished'}.`,
    `  sent ${s.counts.sent}, skipped ${s.counts.skipped}, failed ${s.counts.failed}, not sent yet ${s.counts.pending + s.counts.sending}`,
  ];
  const r = s.recovered;
  if (r.confirmed + r.resent + r.unconfirmed > 0)
    lines.push(
      `  after a restart: ${r.confirmed} confirmed in Slack, ${r.resent} sent again, ${r.unconfirmed} unconfirmed`,
    );
  for (const reason of s.reasons) lines.push(`  ${reason.status}: ${reason.reason} (${reason.count})`);
  return lines.join('\n');
}

function previewText(p: Preview & { campaignId: number }, cycleZone: string): string {
  const lines = [
    `Dry run (audit #${p.campaignId}): nothing was sent.`,
    `Template: ${p.template.name} (${p.template.id})`,
    p.description,
    `Recipients now: ${p.count}`,
    ...p.byGroup.map((g) => `  ${g.name}: ${g.count}`),
  ];
  if (p.sendTimes.length > 0)
    lines.push(SEND_TIMES_HEADER, ...p.sendTimes.map((g) => `  ${sendTimeLine(g, cycleZone)}`));
  if (p.sample)
    lines.push('', `The message as ${p.sample.firstName} would see it:`, '', p.sample.message.text);
  else lines.push('', 'Nobody matches these filters right now.');
  return lines.join('\n');
}

/** `--schedule [--days N]`: what the scheduler would send over the next days, and to how many; sends nothing. */
async function schedule(
  store: Store,
  content: Content,
  from: Date,
  days: string | undefined,
  io: CliIo,
): Promise<number> {
  const span = days === undefined ? SCHEDULE_DAYS : Number(days);
  if (!(Number.isInteger(span) && span >= 1 && span <= 366))
    throw new CliUsageError(`--days must be a whole number of days from 1 to 366 (got "${days}").`);
  const zone = content.schedule.cycle.timeZone;
  const hour = content.reminders.schedule.hour;
  io.out(
    `Scheduled reminders from ${dayIn(from, zone)} for ${span} day(s), at ${hour}:00 ${zone} (sent only when the app runs with REMINDERS=auto):`,
  );
  let found = 0;
  for (let i = 0; i < span; i++) {
    const day = dayIn(new Date(from.getTime() + i * DAY_MS), zone);
    for (const occurrence of occurrencesOn(content, day)) {
      // Who would get it is decided at the hour it goes out: the rules' day is that one.
      const at = new Date(startOfDayIn(day, zone).getTime() + hour * 60 * 60 * 1000);
      const count = (await resolveAudience(store, content, occurrence.audience, at)).recipients.length;
      io.out(
        `  ${day}  ${occurrence.reminder.id} (${occurrence.group?.name ?? 'by personal deadline'}): ${count} ${count === 1 ? 'person' : 'people'}`,
      );
      found += 1;
    }
  }
  if (found === 0) io.out('  nothing: no scheduled reminder falls in these days.');
  return 0;
}

async function history(store: Store, io: CliIo): Promise<number> {
  const { campaigns } = store;
  const list = await campaigns.listCampaigns(50);
  if (list.length === 0) io.out('No campaigns yet.');
  for (const c of list) {
    const counts = await campaigns.counts(c.id);
    const state = c.dryRun
      ? 'dry run'
      : c.finishedAt
        ? 'finished'
        : c.stoppedReason
          ? `stopped (${c.stoppedReason})`
          : 'unfinished';
    io.out(
      `#${c.id} ${c.createdAt} by ${c.createdBy}${c.scheduleKey ? ` [${c.scheduleKey}]` : ''} ${c.kind}, ${state}: ` +
        `${c.recipients} recipient(s); sent ${counts.sent}, skipped ${counts.skipped}, failed ${counts.failed}; ` +
        `${JSON.stringify(c.spec)}`,
    );
  }
  return 0;
}
