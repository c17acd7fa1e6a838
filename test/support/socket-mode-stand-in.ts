// Slack's side of Socket Mode, for tests: `apps.connections.open` on the Web API stand-in hands out
// ws://127.0.0.1 URLs, and the WebSocket server there speaks the envelope protocol of
// docs.slack.dev/apis/events-api/using-socket-mode: `hello`, envelopes with an `envelope_id`, acks
// `{ envelope_id, payload? }`, and `disconnect` messages. It records every ack with its timing, and can refresh,
// drop or redeliver, and spread envelopes over several connections as Slack does.
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { type SlackStandIn, StandInError } from './slack-stand-in.js';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';
export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled';

export interface Envelope {
  readonly envelope_id: string;
  readonly type: EnvelopeType;
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
  /** events_api only, as Slack sends them on a redelivery. */
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

export interface SocketConnection {
  /** 1 for the first connection the app opened, 2 for the next… */
  readonly id: number;
  /** Open and past its `hello`. */
  readonly open: boolean;
  /** Sent a `disconnect`: no new envelopes go to it. */
  readonly draining: boolean;
}

export interface AckRecord {
  readonly envelopeId: string;
  readonly type: EnvelopeType;
  /** The connection the envelope went out on, and the one the ack came back on. */
  readonly sentOn: number;
  readonly ackedOn: number;
  /** What the ack carried (`{}` for a bare ack; the modal update, errors, or message for those that answer). */
  readonly payload: Record<string, unknown> | undefined;
  /** Milliseconds from sending the envelope to receiving its ack. */
  readonly ms: number;
}

export interface DeliverOptions {
  readonly envelopeId?: string;
  /** A connection id; by default the next open one in turn, as Slack spreads envelopes over an app's connections. */
  readonly connection?: number;
  readonly acceptsResponsePayload?: boolean;
  readonly retryAttempt?: number;
  readonly retryReason?: string;
  /** How long to wait for the ack before rejecting; default 3000 ms, Slack's limit. */
  readonly ackTimeoutMs?: number;
  /** How long to wait for an open connection when there is none (during a reconnect); default 10 s. */
  readonly connectTimeoutMs?: number;
}

export class NotAckedError extends Error {
  constructor(
    readonly envelopeId: string,
    why: string,
  ) {
    super(`Envelope ${envelopeId} was not acknowledged: ${why}`);
    this.name = 'NotAckedError';
  }
}

export interface SocketModeStandIn {
  /** The WebSocket server's base, `ws://127.0.0.1:PORT/link/`. */
  readonly url: string;
  readonly appToken: string;
  /** Every connection so far, in the order the app opened them. */
  readonly connections: readonly SocketConnection[];
  /** Open, hello sent, not draining: where envelopes can go. */
  readonly openConnections: readonly SocketConnection[];
  readonly acks: readonly AckRecord[];
  /** Every envelope sent, with the connection it went out on, in order (redeliveries included). */
  readonly sent: readonly { readonly envelope: Envelope; readonly connection: number }[];
  /** Resolves once `count` connections are open (past hello, not draining); rejects after `timeoutMs`. */
  waitForConnections(count: number, timeoutMs?: number): Promise<SocketConnection[]>;
  /** Sends one envelope and resolves with its ack; rejects with NotAckedError if none comes in time. */
  deliver(type: EnvelopeType, payload: Record<string, unknown>, options?: DeliverOptions): Promise<AckRecord>;
  /** Sends an envelope again (an events_api one with `retry_attempt` one higher), by default on another connection if there is one. */
  redeliver(envelopeId: string, options?: Omit<DeliverOptions, 'envelopeId'>): Promise<AckRecord>;
  /** Sends `{ type: 'disconnect', reason }` on a connection (default: every open one) and stops using it. */
  disconnect(reason: DisconnectReason, connection?: number): void;
  /** Cuts a connection without a close frame, as a network failure does (default: every open one). */
  drop(connection?: number): void;
  close(): Promise<void>;
}

interface Live {
  readonly id: number;
  readonly socket: WebSocket;
  open: boolean;
  draining: boolean;
}

interface Pending {
  readonly envelope: Envelope;
  readonly connection: number;
  readonly sentAt: number;
  resolve(ack: AckRecord): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const HOST = 'applink-stand-in';

export async function startSocketModeStandIn(options: {
  webApi: SlackStandIn;
  /** The app-level token apps.connections.open accepts; any other gets `invalid_auth`. */
  appToken: string;
  appId?: string;
}): Promise<SocketModeStandIn> {
  const appId = options.appId ?? 'A0STANDIN';
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/`;
  const tickets = new Set<string>();
  const live: Live[] = [];
  const acks: AckRecord[] = [];
  const sent: { envelope: Envelope; connection: number }[] = [];
  const envelopes = new Map<string, Envelope>();
  const pending = new Map<string, Pending>();
  const waiters = new Set<() => void>();
  let ticketCount = 0;
  let envelopeCount = 0;
  let turn = 0;

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const usable = () => live.filter((c) => c.open && !c.draining);
  const view = (c: Live): SocketConnection => ({ id: c.id, open: c.open, draining: c.draining });

  options.webApi.serve(
    'apps.connections.open',
    () => {
      ticketCount += 1;
      const ticket = `ticket-${ticketCount}`;
      tickets.add(ticket);
      return { url: `${url}?ticket=${ticket}&app_id=${appId}` };
    },
    { token: options.appToken },
  );

  wss.on('connection', (socket, request) => {
    const ticket = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket') ?? '';
    // A URL from apps.connections.open is good for one connection, as Slack's are.
    if (!tickets.delete(ticket)) {
      socket.close(1008, 'invalid ticket');
      return;
    }
    const connection: Live = { id: live.length + 1, socket, open: true, draining: false };
    live.push(connection);
    socket.on('message', (data) => {
      let ack: { envelope_id?: unknown; payload?: unknown };
      try {
        ack = JSON.parse(data.toString()) as typeof ack;
      } catch {
        return;
      }
      if (typeof ack.envelope_id !== 'string') return;
      const waiting = pending.get(ack.envelope_id);
      if (!waiting) return;
      pending.delete(ack.envelope_id);
      clearTimeout(waiting.timer);
      const record: AckRecord = {
        envelopeId: ack.envelope_id,
        type: waiting.envelope.type,
        sentOn: waiting.connection,
        ackedOn: connection.id,
        payload:
          typeof ack.payload === 'object' && ack.payload !== null
            ? (ack.payload as Record<string, unknown>)
            : undefined,
        ms: performance.now() - waiting.sentAt,
      };
      acks.push(record);
      waiting.resolve(record);
    });
    socket.on('close', () => {
      connection.open = false;
      // Slack would redeliver an event later; the test decides, with redeliver().
      for (const [id, waiting] of pending) {
        if (waiting.connection !== connection.id) continue;
        pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.reject(new NotAckedError(id, `connection ${connection.id} closed first`));
      }
      notify();
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: usable().length,
        debug_info: { host: HOST, build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: appId },
      }),
    );
    notify();
  });

  const waitForConnections = (count: number, timeoutMs = 10_000) =>
    new Promise<SocketConnection[]>((resolve, reject) => {
      const check = () => {
        if (usable().length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(usable().map(view));
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`waitForConnections: ${usable().length} of ${count} open after ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const send = async (envelope: Envelope, options: DeliverOptions): Promise<AckRecord> => {
    await waitForConnections(1, options.connectTimeoutMs ?? 10_000);
    let target: Live | undefined;
    if (options.connection !== undefined) {
      target = live.find((c) => c.id === options.connection);
      if (!target?.open) throw new Error(`Connection ${options.connection} is not open`);
    } else {
      const open = usable();
      target = open[turn % open.length];
      turn += 1;
    }
    const connection = target as Live;
    envelopes.set(envelope.envelope_id, envelope);
    return new Promise<AckRecord>((resolve, reject) => {
      const ackTimeoutMs = options.ackTimeoutMs ?? 3000;
      const timer = setTimeout(() => {
        pending.delete(envelope.envelope_id);
        reject(new NotAckedError(envelope.envelope_id, `no ack within ${ackTimeoutMs} ms`));
      }, ackTimeoutMs);
      pending.set(envelope.envelope_id, {
        envelope,
        connection: connection.id,
        sentAt: performance.now(),
        resolve,
        reject,
        timer,
      });
      sent.push({ envelope, connection: connection.id });
      connection.socket.send(JSON.stringify(envelope));
    });
  };

  const targets = (connection?: number) =>
    live.filter((c) => c.open && (connection === undefined || c.id === connection));

  return {
    url,
    appToken: options.appToken,
    get connections() {
      return live.map(view);
    },
    get openConnections() {
      return usable().map(view);
    },
    acks,
    sent,
    waitForConnections,
    deliver(type, payload, deliverOptions = {}) {
      envelopeCount += 1;
      const envelope: Envelope = {
        envelope_id: deliverOptions.envelopeId ?? `env-${String(envelopeCount).padStart(6, '0')}`,
        type,
        payload,
        // As Slack sets it: commands and modal submissions can be answered in the ack, events cannot.
        accepts_response_payload:
          deliverOptions.acceptsResponsePayload ??
          (type === 'slash_commands' || payload['type'] === 'view_submission'),
        ...(type === 'events_api'
          ? {
              retry_attempt: deliverOptions.retryAttempt ?? 0,
              retry_reason: deliverOptions.retryReason ?? '',
            }
          : {}),
      };
      return send(envelope, deliverOptions);
    },
    redeliver(envelopeId, deliverOptions = {}) {
      const original = envelopes.get(envelopeId);
      if (!original) throw new StandInError(`no envelope ${envelopeId} was delivered`);
      const last = sent.findLast((s) => s.envelope.envelope_id === envelopeId)?.connection;
      const other = usable().find((c) => c.id !== last)?.id;
      const envelope: Envelope =
        original.type === 'events_api'
          ? {
              ...original,
              retry_attempt: (original.retry_attempt ?? 0) + 1,
              retry_reason: deliverOptions.retryReason ?? 'timeout',
            }
          : original;
      const connection = deliverOptions.connection ?? other;
      return send(envelope, { ...deliverOptions, ...(connection !== undefined ? { connection } : {}) });
    },
    disconnect(reason, connection) {
      for (const c of targets(connection)) {
        c.draining = true;
        c.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: HOST } }));
      }
    },
    drop(connection) {
      for (const c of targets(connection)) c.socket.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of live) c.socket.terminate();
        for (const waiting of pending.values()) clearTimeout(waiting.timer);
        pending.clear();
        wss.close(() => resolve());
      }),
  };
}
