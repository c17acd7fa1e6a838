// The eligibility check's submission: answered in the same modal, nothing stored.
import type { App } from '@slack/bolt';
import { CHECK_FORM } from '../../../bot/replies/eligibility.js';
import { formValues, renderForm, type ViewStateValues } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

export function register(app: App, deps: ListenerDeps): void {
  app.view(CHECK_FORM, async ({ ack, view }) => {
    const result = deps.bot.submitCheck(formValues(view.state.values as ViewStateValues));
    if (result.ok) await ack({ response_action: 'update', view: renderForm(result.form) });
    else await ack({ response_action: 'errors', errors: result.errors });
  });
}
