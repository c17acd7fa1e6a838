// Admin subcommands (`remind`, `report`) and the composer's submission: dry run → preview DM to the admin;
// send → one progress message to the admin, updated as the campaign goes, then the final summary.
import type { App, Logger } from '@slack/bolt';
import type { Subcommand } from '../../../bot/subcommands.js';
import type { Viewer } from '../../../bot/viewer.js';
import {
  AudienceError,
  type Broadcaster,
  CampaignError,
  mayBroadcast,
  NOT_ALLOWED_TEXT,
  TemplateError,
} from '../../../broadcast/index.js';
import type { Content } from '../../../content/load.js';
import { buildCompletionReport, reportScope } from '../../../reports/report.js';
import type { CampaignStore } from '../../../store/campaigns.js';
import type { Store } from '../../../store/index.js';
import { section } from '../../views/blocks.js';
import { buildPreviewMessage, buildProgressMessage } from '../../views/remind-message.js';
import {
  buildRemindModal,
  parseRemindSubmission,
  REMIND_CALLBACK_ID,
  REMIND_FIELDS,
} from '../../views/remind-modal.js';
import { buildReportMessage } from '../../views/report-message.js';

export interface AdminDeps {
  content: Content;
  store: Pick<Store, 'listPeople' | 'departments'>;
  broadcaster: Broadcaster;
  campaigns: Pick<CampaignStore, 'setProgressMessage'>;
  now: () => Date;
}

export interface AdminListenerDeps extends AdminDeps {
  viewerFor: (slackUserId: string) => Promise<Viewer>;
  logger?: Logger;
}

const isReportViewer = (viewer: Viewer) => viewer.grants.length > 0;

/** `remind` and `report`, for createBot({ subcommands }). */
export function adminSubcommands(deps: AdminDeps): Subcommand[] {
  return [remindSubcommand(deps), reportSubcommand(deps)];
}

/** `remind`: opens the composer for admins; anyone else is refused and nothing is sent. */
export function remindSubcommand(deps: Pick<AdminDeps, 'content' | 'store'>): Subcommand {
  return {
    name: 'remind',
    usage: 'remind',
    description: 'Compose a reminder or an announcement (admins).',
    allowed: (viewer) => mayBroadcast(viewer.grants),
    run: (viewer) =>
      mayBroadcast(viewer.grants)
        ? { type: 'modal', modal: buildRemindModal(deps.content, deps.store.departments()) }
        : {
            type: 'message',
            private: true,
            message: { text: NOT_ALLOWED_TEXT, blocks: [section(NOT_ALLOWED_TEXT)] },
          },
  };
}

/** `report [department]`: completion figures, scoped to what the viewer's grants entitle them to see. */
export function reportSubcommand(deps: Pick<AdminDeps, 'content' | 'store' | 'now'>): Subcommand {
  return {
    name: 'report',
    usage: 'report [department]',
    description: 'Completion per training group and department (admins and department admin officers).',
    allowed: isReportViewer,
    run: (viewer, args) => {
      const scope = reportScope(viewer.grants, args);
      if (!scope.ok)
        return {
          type: 'message',
          private: true,
          message: { text: scope.message, blocks: [section(scope.message)] },
        };
      const report = buildCompletionReport(deps.store, deps.content, deps.now(), scope.departments);
      return { type: 'message', private: true, message: buildReportMessage(report) };
    },
  };
}

export function register(app: App, deps: AdminListenerDeps): void {
  app.view(REMIND_CALLBACK_ID, async ({ ack, body, view, client, logger }) => {
    const userId = body.user.id;
    const viewer = await deps.viewerFor(userId);
    const sender = { kind: 'person' as const, id: viewer.email ?? userId, grants: viewer.grants };
    if (!mayBroadcast(viewer.grants)) {
      await ack({ response_action: 'errors', errors: { [REMIND_FIELDS.mode]: NOT_ALLOWED_TEXT } });
      return;
    }
    const parsed = parseRemindSubmission(view.state.values as never, deps.content);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    let preview: ReturnType<Broadcaster['preview']>;
    try {
      preview = parsed.dryRun
        ? deps.broadcaster.dryRun(parsed.request, sender)
        : deps.broadcaster.preview(parsed.request, sender);
    } catch (error) {
      if (
        error instanceof AudienceError ||
        error instanceof TemplateError ||
        error instanceof CampaignError
      ) {
        await ack({
          response_action: 'errors',
          errors: { [REMIND_FIELDS.template]: error.message.slice(0, 150) },
        });
        return;
      }
      throw error;
    }
    await ack();
    const log = deps.logger ?? logger;
    if (parsed.dryRun) {
      const message = buildPreviewMessage({
        audience: preview.description,
        templateName: preview.template.name,
        count: preview.count,
        byGroup: preview.byGroup,
        sample: preview.sample,
        ...(parsed.request.kind === 'announcement' ? { channel: parsed.request.channel } : {}),
      });
      await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
      return;
    }
    const started = await deps.broadcaster.start(parsed.request, sender);
    const first = buildProgressMessage({
      campaignId: started.campaignId,
      templateName: preview.template.name,
      counts: {
        sent: 0,
        skipped: 0,
        failed: 0,
        pending: started.recipients,
        sending: 0,
        total: started.recipients,
      },
      done: false,
    });
    const posted = await client.chat.postMessage({ channel: userId, text: first.text, blocks: first.blocks });
    const channel = posted.channel ?? userId;
    const ts = posted.ts;
    if (ts) deps.campaigns.setProgressMessage(started.campaignId, channel, ts);
    const summary = await deps.broadcaster.run(started.campaignId, {
      onProgress: async (p) => {
        if (!ts) return;
        const message = buildProgressMessage(p);
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      },
    });
    if (ts) {
      const final = buildProgressMessage({ ...summary, reasons: summary.reasons });
      await client.chat.update({ channel, ts, text: final.text, blocks: final.blocks });
    }
    log.info(
      `Campaign #${summary.campaignId}: sent ${summary.counts.sent}, skipped ${summary.counts.skipped}, failed ${summary.counts.failed}.`,
    );
  });
}
