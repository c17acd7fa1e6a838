// `remind`: the composer for admins (anyone else is refused and nothing is sent), and what its submission
// does, for any transport: check the answers (quick, so a form can show errors at once), then preview or
// start and run the campaign, keeping the admin informed in words at every step, failures included.
import {
  AudienceError,
  type Broadcaster,
  CampaignError,
  type CampaignRequest,
  type CampaignSummary,
  mayBroadcast,
  previewMessage,
  progressMessage,
  TemplateError,
} from '../../broadcast/index.js';
import type { Content } from '../../content/load.js';
import type { Store } from '../../store/index.js';
import { NOT_ALLOWED_TEXT } from '../../text/messages.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { type FormErrors, type FormValues, type Message, text } from '../../text/reply.js';
import { parseRemind, REMIND_FIELDS, remindForm } from '../replies/remind-form.js';
import type { Viewer } from '../viewer.js';
import type { Subcommand } from './index.js';

export interface RemindDeps {
  content: Content;
  store: Pick<Store, 'departments'>;
}

const say = (words: string): Message => ({ text: words, parts: [text(words)] });

export function remindSubcommand(deps: RemindDeps): Subcommand {
  return {
    name: 'remind',
    usage: 'remind',
    description: 'Compose a reminder or an announcement (admins).',
    allowed: (viewer) => mayBroadcast(viewer.grants),
    run: async (viewer) =>
      mayBroadcast(viewer.grants)
        ? { type: 'form', form: remindForm(deps.content, await deps.store.departments()) }
        : { type: 'message', private: true, message: say(NOT_ALLOWED_TEXT) },
  };
}

/** Where the admin is told how it goes: one message, posted once and then updated. */
export interface ProgressChannel {
  /**
   * Posts a new message to the admin; resolves with a handle to update it, or null if it could not. With a
   * campaign id, the message is the campaign's progress message (a resumed campaign keeps updating it).
   */
  post(message: Message, campaignId?: number): Promise<{ update(message: Message): Promise<void> } | null>;
}

export type RemindCheck =
  | { ok: true; request: CampaignRequest; dryRun: boolean }
  | { ok: false; errors: FormErrors };

export interface RemindFlow {
  /** The quick part, before the form is closed: who may, and whether the answers make sense. */
  check(viewer: Viewer, values: FormValues): Promise<RemindCheck>;
  /** The slow part, after: the preview, or the campaign started and run to its end. Never throws. */
  carryOut(
    viewer: Viewer,
    checked: Extract<RemindCheck, { ok: true }>,
    admin: ProgressChannel,
  ): Promise<void>;
}

export interface RemindFlowDeps extends RemindDeps {
  broadcaster: Broadcaster;
  /** An unexpected failure, for the operator's log (never with what anyone typed). */
  onError?: (what: string, error: unknown) => void;
}

/** Failures an admin can act on, in their own words; anything else is reported as our fault. */
function explain(error: unknown): string {
  if (error instanceof AudienceError || error instanceof TemplateError || error instanceof CampaignError)
    return escapeMrkdwn(error.message);
  return 'Something went wrong on my side; the training team can find the details in the app log.';
}

export function createRemindFlow(deps: RemindFlowDeps): RemindFlow {
  const senderOf = (viewer: Viewer) => ({
    kind: 'person' as const,
    id: viewer.email ?? viewer.slackUserId ?? 'unknown',
    grants: viewer.grants,
  });
  return {
    async check(viewer, values) {
      if (!mayBroadcast(viewer.grants))
        return { ok: false, errors: { [REMIND_FIELDS.mode]: NOT_ALLOWED_TEXT } };
      return parseRemind(values, deps.content, await deps.store.departments());
    },
    async carryOut(viewer, checked, admin) {
      const sender = senderOf(viewer);
      const { request } = checked;
      try {
        if (checked.dryRun) {
          const preview = await deps.broadcaster.dryRun(request, sender);
          await admin.post(
            previewMessage({
              audience: preview.description,
              templateName: preview.template.name,
              count: preview.count,
              byGroup: preview.byGroup,
              sendTimes: { groups: preview.sendTimes, cycleZone: deps.content.schedule.cycle.timeZone },
              sample: preview.sample,
              ...(request.kind === 'announcement' ? { channel: request.channel } : {}),
            }),
          );
          return;
        }
        const preview = await deps.broadcaster.preview(request, sender);
        const started = await deps.broadcaster.start(request, sender);
        const zero = { sent: 0, skipped: 0, failed: 0, sending: 0 };
        const handle = await admin.post(
          progressMessage({
            campaignId: started.campaignId,
            templateName: preview.template.name,
            counts: { ...zero, pending: started.recipients, total: started.recipients },
            done: false,
          }),
          started.campaignId,
        );
        // The campaign runs whether or not the progress message could be posted: it is already recorded.
        let summary: CampaignSummary;
        try {
          summary = await deps.broadcaster.run(started.campaignId, {
            onProgress: async (p) => {
              await handle?.update(progressMessage(p)).catch(() => undefined);
            },
          });
        } catch (error) {
          deps.onError?.(`Running campaign #${started.campaignId}`, error);
          await admin.post(
            say(
              `Campaign #${started.campaignId} stopped before it finished: ${explain(error)} It resumes where it stopped when the app restarts; nobody gets it twice.`,
            ),
          );
          return;
        }
        const final = progressMessage({ ...summary, reasons: summary.reasons });
        if (handle) await handle.update(final).catch(() => admin.post(final));
        else await admin.post(final);
      } catch (error) {
        if (
          !(
            error instanceof AudienceError ||
            error instanceof TemplateError ||
            error instanceof CampaignError
          )
        )
          deps.onError?.('Starting a campaign', error);
        await admin
          .post(say(`Nothing was sent: ${explain(error)}`))
          .catch((e: unknown) => deps.onError?.('Telling the admin a campaign failed', e));
      }
    },
  };
}
