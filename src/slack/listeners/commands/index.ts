// /harassment-training <subcommand>: acknowledged at once, answered privately through the response_url.
import type { App } from '@slack/bolt';
import { COMMAND } from '../../../text/messages.js';
import type { ListenerDeps } from '../deps.js';
import { handleCommand } from './handle-command.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, (args) => handleCommand(deps, args));
}
