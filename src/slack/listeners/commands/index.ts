// /harassment-training <subcommand>: acknowledged at once, answered privately through the response_url.
import type { App } from '@slack/bolt';
import { COMMAND } from '../../../text/messages.js';
import { timeAnswer } from '../../timing.js';
import type { ListenerDeps } from '../deps.js';
import { handleCommand } from './handle-command.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, (args) =>
    timeAnswer(deps.metrics, 'command', args.context, () => handleCommand(deps, args)),
  );
}
