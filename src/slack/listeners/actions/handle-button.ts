// A pressed button: an FAQ answer (related questions, "Did you mean…", the App Home), 👍/👎 feedback, or
// the eligibility check. Acknowledged first; the answer follows.
import type { BlockAction, ButtonAction, Logger, RespondFn, webApi } from '@slack/bolt';
import type { Message } from '../../../text/reply.js';
import { attempt, describeSlackError } from '../../send.js';
import { parseAction, renderForm, renderMessage } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

/** Where the pressed button was: a message (in which channel, ephemeral or not), or a view (Home, modal). */
export type ButtonPlace =
  | { type: 'message'; channel: string; ts: string | undefined; ephemeral: boolean }
  | { type: 'view' };

export function buttonPlace(body: BlockAction): ButtonPlace {
  const container = (body.container ?? {}) as Record<string, unknown>;
  const channel =
    (typeof container['channel_id'] === 'string' ? container['channel_id'] : undefined) ?? body.channel?.id;
  if (container['type'] === 'message' && channel) {
    const ts = typeof container['message_ts'] === 'string' ? container['message_ts'] : body.message?.ts;
    return { type: 'message', channel, ts, ephemeral: container['is_ephemeral'] === true };
  }
  return { type: 'view' };
}

export interface ButtonTools {
  client: webApi.WebClient;
  respond: RespondFn | undefined;
  logger: Logger;
}

/** A new message answering a button: in a DM or from the Home tab, into the DM; in a channel, to the presser only. */
async function deliver(
  message: Message,
  place: ButtonPlace,
  userId: string,
  tools: ButtonTools,
): Promise<void> {
  const { client, respond, logger } = tools;
  const payload = renderMessage(message);
  if (place.type === 'view' || place.channel.startsWith('D')) {
    const channel = place.type === 'view' ? userId : place.channel;
    await attempt(logger, 'chat.postMessage (button answer)', () =>
      client.chat.postMessage({ channel, ...payload }),
    );
    return;
  }
  if (respond) {
    await attempt(logger, 'respond (button answer)', () =>
      respond({ response_type: 'ephemeral', replace_original: false, ...payload }),
    );
    return;
  }
  await attempt(logger, 'chat.postEphemeral (button answer)', () =>
    client.chat.postEphemeral({ channel: place.channel, user: userId, ...payload }),
  );
}

export async function handleButton(deps: ListenerDeps, body: BlockAction, tools: ButtonTools): Promise<void> {
  const { client, respond, logger } = tools;
  const pressed = body.actions[0] as ButtonAction | undefined;
  const value = pressed?.value ?? '';
  const action = pressed ? parseAction(pressed.action_id, value) : null;
  if (!action) return;
  const place = buttonPlace(body);
  switch (action.kind) {
    case 'open-check':
      // The trigger expires three seconds after the click: open the modal before anything else.
      await attempt(logger, 'views.open (eligibility check)', () =>
        client.views.open({ trigger_id: body.trigger_id, view: renderForm(deps.bot.openCheck()) }),
      );
      return;
    case 'open-faq':
      try {
        const viewer = await deps.viewerFor(body.user.id);
        // In a channel, one person's vote would change the message everyone sees: no feedback buttons there.
        const feedback = place.type === 'view' || place.channel.startsWith('D');
        const message = deps.bot.openFaq(viewer, action.faqId, { feedback });
        if (message) await deliver(message, place, body.user.id, tools);
        else logger.warn(`An FAQ button named an unknown entry: ${JSON.stringify(value.slice(0, 64))}`);
      } catch (error) {
        logger.error(`Opening an FAQ answer failed: ${describeSlackError(error)}`);
      }
      return;
    case 'vote': {
      const message = deps.bot.feedback(action.faqId, action.vote, body.user.id);
      if (!message) {
        logger.warn(`Feedback named an unknown FAQ entry: ${JSON.stringify(value.slice(0, 64))}`);
        return;
      }
      const payload = renderMessage(message);
      // The buttons give way to a thank-you, so the same person does not vote twice on one answer.
      if (place.type === 'message' && !place.ephemeral && place.ts) {
        const ts = place.ts;
        await attempt(logger, 'chat.update (feedback)', () =>
          client.chat.update({ channel: place.channel, ts, ...payload }),
        );
      } else if (respond) {
        await attempt(logger, 'respond (feedback)', () => respond({ replace_original: true, ...payload }));
      }
      return;
    }
    default:
      action satisfies never;
  }
}
