// The composer's submission: its answers checked before the modal closes (errors shown in it), then the
// preview or the campaign carried out after the ack, with every outcome, failures included, told to the
// admin in their DM.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { ProgressChannel, RemindFlow } from '../../../bot/index.js';
import type { Message } from '../../../text/reply.js';
import { attempt } from '../../send.js';
import { formValues, renderMessage, type ViewStateValues } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

export interface AdminListenerDeps extends ListenerDeps {
  remind: RemindFlow;
  /** Remembers the progress message of a campaign, so a resumed campaign keeps updating it. */
  setProgressMessage: (campaignId: number, channel: string, ts: string) => Promise<void>;
}

export async function handleRemindSubmission(
  deps: AdminListenerDeps,
  { ack, body, view, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const userId = body.user.id;
  const viewer = await deps.viewerFor(userId);
  const checked = await deps.remind.check(viewer, formValues(view.state.values as ViewStateValues));
  if (!checked.ok) {
    await ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  await ack();
  const admin: ProgressChannel = {
    async post(message: Message, campaignId?: number) {
      const posted = await attempt(logger, 'chat.postMessage (reminder progress)', () =>
        client.chat.postMessage({ channel: userId, ...renderMessage(message) }),
      );
      const channel = posted?.channel ?? userId;
      const ts = posted?.ts;
      if (!ts) return null;
      // Without it a resumed campaign posts a new progress message: worth a try, never worth failing the run.
      if (campaignId !== undefined) await deps.setProgressMessage(campaignId, channel, ts).catch(() => {});
      return {
        async update(next: Message) {
          await attempt(logger, 'chat.update (reminder progress)', () =>
            client.chat.update({ channel, ts, ...renderMessage(next) }),
          );
        },
      };
    },
  };
  await deps.remind.carryOut(viewer, checked, admin);
}
