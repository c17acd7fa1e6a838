// FAQ answers with their `{{contact:ID}}` tokens filled in, as plain text and as Slack mrkdwn.
import type { Contact, FaqEntry } from '../content/schemas.js';
import { AppError } from '../errors.js';
import { ADDRESS_NOT_PUBLISHED, type Formatted, formatContact } from '../text/format.js';
import { escapeMrkdwn, mrkdwnToText } from '../text/mrkdwn.js';

export { ADDRESS_NOT_PUBLISHED, escapeMrkdwn, mrkdwnToText };
export type Rendered = Formatted;
export const renderContact = formatContact;

export class UnknownContactError extends AppError {
  static override readonly code = 'contact_unknown';
  static override readonly expected = true;
  override name = 'UnknownContactError';
  constructor(readonly contactId: string) {
    super(`unknown contact ${JSON.stringify(contactId)} in {{contact:${contactId}}}`);
  }
}

/** Replaces each `{{contact:ID}}` in Slack mrkdwn, giving the mrkdwn and its plain-text reading. */
export function renderMrkdwn(mrkdwn: string, contacts: readonly Contact[]): Rendered {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const fill = (form: keyof Rendered) =>
    mrkdwn.replace(/\{\{contact:([^}]*)\}\}/g, (_token, id: string) => {
      const contact = byId.get(id);
      if (!contact) throw new UnknownContactError(id);
      return renderContact(contact)[form];
    });
  return { text: mrkdwnToText(fill('text')), mrkdwn: fill('mrkdwn') };
}

/** An FAQ entry's answer with its contacts filled in: for Slack views and the terminal alike. */
export function renderFaqAnswer(entry: FaqEntry, contacts: readonly Contact[]): Rendered {
  return renderMrkdwn(entry.answer, contacts);
}
