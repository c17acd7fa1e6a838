// The eligibility check's submission: answered in the same modal, nothing stored.
import type { App } from '@slack/bolt';
import type { ViewStateValues } from '../../views/eligibility.js';
import { CALLBACK } from '../../views/ids.js';
import type { ListenerDeps } from '../deps.js';

export function register(app: App, deps: ListenerDeps): void {
  app.view(CALLBACK.eligibilityCheck, async ({ ack, view }) => {
    const result = deps.bot.submitCheck(view.state.values as ViewStateValues);
    if (result.ok) await ack({ response_action: 'update', view: result.modal });
    else await ack({ response_action: 'errors', errors: result.errors as Record<string, string> });
  });
}
