// The Web API as the core's ports see it: the broadcast port and the bare caller behind it.
import type { BroadcastPort } from '../../broadcast/port.js';
import { createSlackBroadcastPort } from './broadcast-port.js';
import { type CallErrorSink, createSlackCaller, observeCalls, type SlackCallerOptions } from './caller.js';

export { createSlackBroadcastPort, METADATA_EVENT_TYPE } from './broadcast-port.js';
export {
  type CallErrorSink,
  createSlackCaller,
  observeCalls,
  type SlackCaller,
  type SlackCallerOptions,
  type SlackCallResult,
} from './caller.js';

/**
 * The broadcast port for a bot token: what `npm start`, `cli remind` and the tests post through; with
 * `onCallError`, each failed call is told (the app's /metrics).
 */
export function slackBroadcastPort(
  options: SlackCallerOptions & { onCallError?: CallErrorSink },
): BroadcastPort {
  const caller = createSlackCaller(options);
  return createSlackBroadcastPort(options.onCallError ? observeCalls(caller, options.onCallError) : caller);
}
