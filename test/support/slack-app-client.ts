// Plays Slack's side towards the app under test: events, slash commands and interactions, signed and posted
// to the Bolt HTTP receiver with the envelopes Slack uses.
import {
  FORM_CONTENT_TYPE,
  formBody,
  JSON_CONTENT_TYPE,
  payloadBody,
  postSigned,
  type SignedRequestOptions,
  type SignedResponse,
} from './slack-signing.js';

export interface SlackAppClientOptions {
  /** The receiver's endpoint, e.g. `http://127.0.0.1:PORT/slack/events`. */
  readonly eventsUrl: string;
  readonly signingSecret: string;
  readonly teamId?: string;
  readonly apiAppId?: string;
  /** The bot's user id, for `authorizations` in event envelopes. */
  readonly botUserId?: string;
  /** The command name the app registers; default `/harassment-training`. */
  readonly command?: string;
  /** A person's DM channel with the app; pass the stand-in's `dmChannelFor` so both sides agree. */
  readonly dmChannelFor?: (userId: string) => string;
  /**
   * Carries each request instead of the signed POST to `eventsUrl`: Socket Mode sends the same body as an
   * envelope (test/support/slack-transport.ts).
   */
  readonly deliver?: Deliver;
}

/** Takes a request body as Slack would POST it and answers as the receiver did. */
export type Deliver = (
  rawBody: string,
  contentType: string,
  options: SignedRequestOptions,
) => Promise<SignedResponse>;

export interface EventOptions extends SignedRequestOptions {
  /** Default: a fresh `Ev…` id per call. Reuse one to simulate Slack's retries. */
  readonly eventId?: string;
  /** Sent as X-Slack-Retry-Num (and X-Slack-Retry-Reason), as Slack does on a redelivery. */
  readonly retryNum?: number;
  readonly retryReason?: string;
}

export interface CommandOptions extends SignedRequestOptions {
  readonly userId: string;
  readonly text?: string;
  /** From the stand-in's `responseUrl()`, so `respond()` lands there. */
  readonly responseUrl: string;
  readonly channelId?: string;
  readonly triggerId?: string;
  readonly userName?: string;
  readonly command?: string;
  /** Replaces the exact Content-Type (Bolt only parses `application/x-www-form-urlencoded`). */
  readonly contentType?: string;
}

export interface BlockActionOptions extends SignedRequestOptions {
  readonly userId: string;
  readonly actionId: string;
  readonly value?: string;
  readonly blockId?: string;
  readonly type?: string;
  /** Where the button was: a message in a channel, or the Home tab / a modal (`view`). */
  readonly container?: Record<string, unknown>;
  readonly channelId?: string;
  readonly messageTs?: string;
  /** The message was a reply in this thread (Slack's assistant thread, or a thread of the DM). */
  readonly threadTs?: string;
  readonly responseUrl?: string;
  readonly triggerId?: string;
  readonly view?: Record<string, unknown>;
}

export interface ViewSubmissionOptions extends SignedRequestOptions {
  readonly userId: string;
  readonly callbackId: string;
  /** `state.values`: `{ [blockId]: { [actionId]: { type, value | selected_option | … } } }`. */
  readonly values: Record<string, Record<string, Record<string, unknown>>>;
  readonly privateMetadata?: string;
  readonly viewId?: string;
  readonly blocks?: readonly unknown[];
}

export interface SlackAppClient {
  /** Posts an `event_callback` envelope around `event`; returns the receiver's answer and the event_id used. */
  sendEvent(
    event: Record<string, unknown>,
    options?: EventOptions,
  ): Promise<SignedResponse & { eventId: string }>;
  /** A DM from a person (`message.im`). */
  sendDirectMessage(
    userId: string,
    text: string,
    options?: EventOptions & { channel?: string; ts?: string; threadTs?: string },
  ): Promise<SignedResponse & { eventId: string }>;
  /** Slack's assistant thread opened by a person (`assistant_thread_started`), beside a channel. */
  sendAssistantThreadStarted(
    userId: string,
    thread: { threadTs: string; contextChannel?: string },
    options?: EventOptions,
  ): Promise<SignedResponse & { eventId: string }>;
  sendMention(
    userId: string,
    text: string,
    options?: EventOptions & { channel?: string; ts?: string; threadTs?: string },
  ): Promise<SignedResponse & { eventId: string }>;
  sendAppHomeOpened(
    userId: string,
    options?: EventOptions & { tab?: 'home' | 'messages' },
  ): Promise<SignedResponse & { eventId: string }>;
  sendCommand(options: CommandOptions): Promise<SignedResponse>;
  sendBlockAction(options: BlockActionOptions): Promise<SignedResponse>;
  sendViewSubmission(options: ViewSubmissionOptions): Promise<SignedResponse>;
  /** Any interaction payload, form-encoded as `payload=<json>`. */
  sendInteraction(payload: Record<string, unknown>, options?: SignedRequestOptions): Promise<SignedResponse>;
}

export function createSlackAppClient(options: SlackAppClientOptions): SlackAppClient {
  const teamId = options.teamId ?? 'T0STANDIN';
  const apiAppId = options.apiAppId ?? 'A0STANDIN';
  const botUserId = options.botUserId ?? 'U0BOTUSER';
  const dm = options.dmChannelFor ?? ((userId: string) => `D${userId.slice(1)}`);
  let counter = 0;
  const next = (prefix: string) => {
    counter += 1;
    return `${prefix}${Date.now().toString(36).toUpperCase()}${String(counter).padStart(6, '0')}`;
  };
  const messageTs = () => {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`;
  };
  const post = (body: string, contentType: string, signed: SignedRequestOptions = {}) =>
    options.deliver
      ? options.deliver(body, contentType, signed)
      : postSigned(options.eventsUrl, options.signingSecret, body, contentType, signed);
  const user = (userId: string) => ({
    id: userId,
    username: userId.toLowerCase(),
    name: userId.toLowerCase(),
    team_id: teamId,
  });

  const sendEvent: SlackAppClient['sendEvent'] = async (event, eventOptions = {}) => {
    const eventId = eventOptions.eventId ?? next('Ev');
    const envelope = {
      token: 'legacy-verification-token',
      team_id: teamId,
      api_app_id: apiAppId,
      event: { event_ts: messageTs(), ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    const headers: Record<string, string> = { ...eventOptions.headers };
    if (eventOptions.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(eventOptions.retryNum);
      headers['x-slack-retry-reason'] = eventOptions.retryReason ?? 'http_timeout';
    }
    const response = await post(JSON.stringify(envelope), JSON_CONTENT_TYPE, { ...eventOptions, headers });
    return { ...response, eventId };
  };

  return {
    sendEvent,
    sendDirectMessage: (userId, text, o = {}) => {
      const ts = o.ts ?? messageTs();
      return sendEvent(
        {
          type: 'message',
          channel_type: 'im',
          channel: o.channel ?? dm(userId),
          user: userId,
          text,
          ts,
          ...(o.threadTs !== undefined ? { thread_ts: o.threadTs } : {}),
        },
        o,
      );
    },
    sendAssistantThreadStarted: (userId, thread, o = {}) =>
      sendEvent(
        {
          type: 'assistant_thread_started',
          assistant_thread: {
            user_id: userId,
            channel_id: dm(userId),
            thread_ts: thread.threadTs,
            context: {
              channel_id: thread.contextChannel ?? 'C0GENERAL',
              team_id: teamId,
              enterprise_id: null,
            },
          },
        },
        o,
      ),
    sendMention: (userId, text, o = {}) => {
      const ts = o.ts ?? messageTs();
      return sendEvent(
        {
          type: 'app_mention',
          channel: o.channel ?? 'C0GENERAL',
          user: userId,
          text: `<@${botUserId}> ${text}`,
          ts,
          ...(o.threadTs !== undefined ? { thread_ts: o.threadTs } : {}),
        },
        o,
      );
    },
    sendAppHomeOpened: (userId, o = {}) =>
      sendEvent({ type: 'app_home_opened', user: userId, channel: dm(userId), tab: o.tab ?? 'home' }, o),
    sendCommand: (o) =>
      post(
        formBody({
          token: 'legacy-verification-token',
          team_id: teamId,
          team_domain: 'stand-in',
          channel_id: o.channelId ?? dm(o.userId),
          channel_name: 'directmessage',
          user_id: o.userId,
          user_name: o.userName ?? o.userId.toLowerCase(),
          command: o.command ?? options.command ?? '/harassment-training',
          text: o.text ?? '',
          api_app_id: apiAppId,
          is_enterprise_install: 'false',
          response_url: o.responseUrl,
          trigger_id: o.triggerId ?? next('TR.'),
        }),
        o.contentType ?? FORM_CONTENT_TYPE,
        o,
      ),
    sendBlockAction: (o) => {
      const action = {
        type: o.type ?? 'button',
        action_id: o.actionId,
        block_id: o.blockId ?? 'block',
        action_ts: messageTs(),
        ...(o.value !== undefined ? { value: o.value } : {}),
      };
      const inView = o.view !== undefined;
      const ts = o.messageTs ?? messageTs();
      const thread = o.threadTs !== undefined ? { thread_ts: o.threadTs } : {};
      const payload: Record<string, unknown> = {
        type: 'block_actions',
        user: user(o.userId),
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        team: { id: teamId, domain: 'stand-in' },
        trigger_id: o.triggerId ?? next('TR.'),
        container:
          o.container ??
          (inView
            ? { type: 'view', view_id: o.view?.['id'] ?? 'V0VIEW' }
            : {
                type: 'message',
                message_ts: ts,
                channel_id: o.channelId ?? dm(o.userId),
                is_ephemeral: false,
                ...thread,
              }),
        actions: [action],
        ...(inView ? { view: o.view } : {}),
        ...(!inView
          ? {
              channel: { id: o.channelId ?? dm(o.userId), name: 'directmessage' },
              message: { type: 'message', ts, user: botUserId, text: '', ...thread },
            }
          : {}),
        ...(o.responseUrl !== undefined ? { response_url: o.responseUrl } : {}),
      };
      return post(payloadBody(payload), FORM_CONTENT_TYPE, o);
    },
    sendViewSubmission: (o) => {
      const payload = {
        type: 'view_submission',
        team: { id: teamId, domain: 'stand-in' },
        user: user(o.userId),
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        trigger_id: next('TR.'),
        view: {
          id: o.viewId ?? next('V'),
          team_id: teamId,
          type: 'modal',
          callback_id: o.callbackId,
          private_metadata: o.privateMetadata ?? '',
          blocks: o.blocks ?? [],
          state: { values: o.values },
          hash: messageTs(),
          app_id: apiAppId,
          bot_id: 'B0BOT',
        },
        response_urls: [],
      };
      return post(payloadBody(payload), FORM_CONTENT_TYPE, o);
    },
    sendInteraction: (payload, o = {}) => post(payloadBody(payload), FORM_CONTENT_TYPE, o),
  };
}
