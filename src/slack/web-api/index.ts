// The Web API as the core's ports see it: the broadcast port and the bare caller behind it.
import type { BroadcastPort } from '../../broadcast/port.js';
import { createSlackBroadcastPort } from './broadcast-port.js';
import { createSlackCaller, type SlackCallerOptions } from './caller.js';

export { createSlackBroadcastPort, METADATA_EVENT_TYPE } from './broadcast-port.js';
export {
  createSlackCaller,
  type SlackCaller,
  type SlackCallerOptions,
  type SlackCallResult,
} from './caller.js';

/** The broadcast port for a bot token: what `npm start`, `cli remind` and the tests post through. */
export function slackBroadcastPort(options: SlackCallerOptions): BroadcastPort {
  return createSlackBroadcastPort(createSlackCaller(options));
}
