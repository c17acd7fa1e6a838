// How a test reaches the app: signed HTTP POSTs to Bolt's receiver, or the very same requests as Socket Mode
// envelopes through the stand-in. SlackAppClient builds what Slack sends (an event, a command, an action, a view
// submission); a transport carries it and answers as the receiver did (status 200 once acknowledged, the ack's
// payload as the body), so one test runs unchanged over both.
import type { SlackConnection } from '../../src/config.js';
import { createSlackAppClient, type Deliver, type SlackAppClient } from './slack-app-client.js';
import type { SignedResponse } from './slack-signing.js';
import type { SlackStandIn } from './slack-stand-in.js';
import {
  type DeliverOptions,
  type EnvelopeType,
  type SocketModeStandIn,
  startSocketModeStandIn,
} from './socket-mode-stand-in.js';

export type TransportKind = 'http' | 'socket';
export const TRANSPORTS: readonly TransportKind[] = ['http', 'socket'];

export const APP_TOKEN = 'xapp-1-A0STANDIN-test-app-token';

/** The envelope Slack would send over Socket Mode for a body it would otherwise POST. */
export function envelopeFor(
  rawBody: string,
  contentType: string,
  headers: Readonly<Record<string, string>> = {},
): { type: EnvelopeType; payload: Record<string, unknown>; options: DeliverOptions } {
  if (contentType.startsWith('application/json')) {
    const retry = headers['x-slack-retry-num'];
    return {
      type: 'events_api',
      payload: JSON.parse(rawBody) as Record<string, unknown>,
      options:
        retry !== undefined
          ? { retryAttempt: Number(retry), retryReason: headers['x-slack-retry-reason'] ?? 'timeout' }
          : {},
    };
  }
  const form = new URLSearchParams(rawBody);
  const interaction = form.get('payload');
  if (interaction !== null) {
    return { type: 'interactive', payload: JSON.parse(interaction) as Record<string, unknown>, options: {} };
  }
  // A slash command's envelope carries the form fields as a JSON object of strings.
  return { type: 'slash_commands', payload: Object.fromEntries(form), options: {} };
}

/** Sends each request as an envelope and waits for its ack (at most Slack's 3 s). */
export function socketModeDelivery(socket: SocketModeStandIn): Deliver {
  return async (rawBody, contentType, signed) => {
    const { type, payload, options } = envelopeFor(rawBody, contentType, signed.headers);
    const ack = await socket.deliver(type, payload, options);
    // A bare ack has an empty payload, which over HTTP is an empty 200.
    const answered = ack.payload !== undefined && Object.keys(ack.payload).length > 0;
    const response: SignedResponse = {
      status: 200,
      body: answered ? JSON.stringify(ack.payload) : '',
      json: answered ? ack.payload : undefined,
      headers: new Headers(),
      elapsedMs: ack.ms,
    };
    return response;
  };
}

export interface Transport {
  readonly kind: TransportKind;
  readonly connection: SlackConnection;
  /** Socket Mode only: Slack's WebSocket side. */
  readonly socket: SocketModeStandIn | undefined;
  /** The client for an app started on `port` (the HTTP receiver's, unused in Socket Mode). */
  client(
    port: number,
    options: { botUserId: string; dmChannelFor: (userId: string) => string },
  ): SlackAppClient;
  close(): Promise<void>;
}

export async function startTransport(
  kind: TransportKind,
  options: { standIn: SlackStandIn; signingSecret: string; appToken?: string },
): Promise<Transport> {
  const socket =
    kind === 'socket'
      ? await startSocketModeStandIn({ webApi: options.standIn, appToken: options.appToken ?? APP_TOKEN })
      : undefined;
  const connection: SlackConnection = socket
    ? { mode: 'socket', appToken: socket.appToken }
    : { mode: 'http', signingSecret: options.signingSecret };
  return {
    kind,
    connection,
    socket,
    client: (port, identity) =>
      createSlackAppClient({
        eventsUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: options.signingSecret,
        ...identity,
        ...(socket ? { deliver: socketModeDelivery(socket) } : {}),
      }),
    close: async () => {
      await socket?.close();
    },
  };
}
