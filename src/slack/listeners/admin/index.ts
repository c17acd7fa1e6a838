// The reminder composer's submission (the `remind` and `report` subcommands themselves are the bot's).
import type { App } from '@slack/bolt';
import { REMIND_FORM } from '../../../bot/replies/remind-form.js';
import { type AdminListenerDeps, handleRemindSubmission } from './handle-remind-submission.js';

export type { AdminListenerDeps };

export function register(app: App, deps: AdminListenerDeps): void {
  app.view(REMIND_FORM, (args) => handleRemindSubmission(deps, args));
}
