// How long Slack waits for an ack and a person for an answer, for /metrics. A request is stamped as it reaches
// the app (HTTP: before its body is read; Socket Mode: as its envelope is handed to Bolt) and the stamp rides
// in the context as `receivedAt`, so a listener can time its answer from the same moment.
import type { IncomingMessage, RequestListener } from 'node:http';
import type { App, Context } from '@slack/bolt';
import type { Origin } from '../bot/index.js';
import type { AckKind, Metrics } from '../metrics.js';

/** The context key (a Bolt custom property) holding `performance.now()` at the request's arrival. */
export const RECEIVED_AT = 'receivedAt';

const clock = () => performance.now();

/** What Slack sent, from the fields Bolt itself tells requests apart by. */
export function ackKindOf(body: Readonly<Record<string, unknown>>): AckKind {
  if (body['type'] === 'event_callback') return 'event';
  if (typeof body['command'] === 'string') return 'command';
  if (body['type'] === 'block_actions' || body['type'] === 'interactive_message') return 'action';
  if (body['type'] === 'view_submission' || body['type'] === 'view_closed') return 'view';
  return 'other';
}

/** HTTP mode: stamps each request as it arrives; the receiver's customPropertiesExtractor reads it back. */
export function createArrivalStamps(now: () => number = clock): {
  listener(inner: RequestListener): RequestListener;
  properties(req: IncomingMessage): Record<string, number>;
} {
  const arrivals = new WeakMap<IncomingMessage, number>();
  return {
    listener: (inner) => (req, res) => {
      arrivals.set(req, now());
      inner(req, res);
    },
    properties(req) {
      const at = arrivals.get(req);
      return at === undefined ? {} : { [RECEIVED_AT]: at };
    },
  };
}

/**
 * Times each ack from the request's arrival. The receivers hand every request to `app.processEvent` with the
 * ack function Bolt (events) or the listener (commands, actions, views) calls: wrapping it there is the one
 * place both receivers and every kind of request pass through.
 */
export function timeAcks(app: App, metrics: Pick<Metrics, 'ackTime'>, now: () => number = clock): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => {
    const custom = event.customProperties ?? {};
    const stamped = custom[RECEIVED_AT];
    const at = typeof stamped === 'number' ? stamped : now();
    const kind = ackKindOf(event.body);
    let timed = false;
    const ack: typeof event.ack = async (response) => {
      try {
        return await event.ack(response);
      } finally {
        if (!timed) {
          timed = true;
          metrics.ackTime(kind, now() - at);
        }
      }
    };
    return processEvent({ ...event, ack, customProperties: { ...custom, [RECEIVED_AT]: at } });
  };
}

/** Runs a listener's answer and times it from the request's arrival to the reply posted (or given up). */
export async function timeAnswer<T>(
  metrics: Pick<Metrics, 'answerTime'> | undefined,
  origin: Origin,
  context: Context,
  work: () => Promise<T>,
): Promise<T> {
  const result = await work();
  const at = context[RECEIVED_AT];
  if (metrics && typeof at === 'number') metrics.answerTime(origin, clock() - at);
  return result;
}
