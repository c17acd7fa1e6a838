// FAQ answers with their `{{contact:ID}}` tokens filled in, as plain text and as Slack mrkdwn.
import type { Contact, FaqEntry } from '../content/schemas.js';

/** Said in place of an address the source leaves blank. Never replaced by a guess. */
export const ADDRESS_NOT_PUBLISHED = 'address not yet published';

export interface Rendered {
  text: string;
  mrkdwn: string;
}

/** A contact as a person reads it: its name and address, or that the address is not yet published. */
export function renderContact(contact: Contact): Rendered {
  if (contact.email !== null) {
    return {
      text: `${contact.name} (${contact.email})`,
      mrkdwn: `${contact.name} (<mailto:${contact.email}|${contact.email}>)`,
    };
  }
  if (contact.url !== null) {
    return { text: `${contact.name} (${contact.url})`, mrkdwn: `<${contact.url}|${contact.name}>` };
  }
  return {
    text: `${contact.name} (${ADDRESS_NOT_PUBLISHED})`,
    mrkdwn: `${contact.name} (${ADDRESS_NOT_PUBLISHED})`,
  };
}

export class UnknownContactError extends Error {
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

/** Slack mrkdwn read as plain text: emphasis markers dropped, links shown as their label and address. */
export function mrkdwnToText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<mailto:([^|>]+)\|[^>]+>/g, '$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|[\s(])[*_~]+(?=\S)/g, '$1')
    .replace(/(?<=\S)[*_~]+(?=$|[\s).,:;!?])/gm, '');
}

/** Text that goes into mrkdwn as-is: Slack's three control characters escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
