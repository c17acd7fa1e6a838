// What the bot (and a reminder) answers with, as data: a message made of a few kinds of parts, a form to fill in, or the App
// Home. No transport's format appears here; src/slack/views renders a Reply as Block Kit, src/console/render
// as terminal text. Text in parts is mrkdwn (the markup the content is written in), escaped where it came
// from a person or a file.
import type { CompletionChartInput } from './chart-input.js';

/** A 👍 or 👎 on an FAQ answer. */
export type Vote = 'up' | 'down';

/** What pressing a button does. The transports map these to their own ids and back. */
export type Action =
  | { kind: 'open-faq'; faqId: string }
  | { kind: 'vote'; faqId: string; vote: Vote }
  | { kind: 'open-check' }
  /** An admin's "Send a reminder": the reminder composer. */
  | { kind: 'open-remind' }
  /** An admin's "Download report (CSV)": the report for their scope, as a file in their DM. */
  | { kind: 'download-report' };

export interface Button {
  label: string;
  action: Action;
  style?: 'primary' | 'danger';
}

export type Part =
  | { type: 'heading'; text: string }
  /** A paragraph, with an optional button beside it. */
  | { type: 'text'; mrkdwn: string; button?: Button }
  /** Short label/value pairs laid out side by side. */
  | { type: 'fields'; pairs: readonly (readonly [label: string, value: string])[] }
  /** Small print: sources, hints, notes; each item its own piece. */
  | { type: 'note'; items: readonly string[] }
  /** A row of buttons; `group` names the row where the same action may appear in another row too. */
  | { type: 'buttons'; buttons: readonly Button[]; group?: string }
  | { type: 'divider' }
  /**
   * A picture, given as what to draw (the completion chart): Slack shows the PNG it uploads, the console
   * saves it and says where. `filename` names the PNG (`completion-2021-02-10-all.png`).
   */
  | { type: 'image'; title: string; alt: string; filename: string; chart: CompletionChartInput };

export interface Message {
  /** The whole message as plain text: notifications, screen readers, and where parts cannot be shown. */
  text: string;
  parts: Part[];
}

export interface Choice {
  label: string;
  value: string;
}

export type FieldInput =
  | { kind: 'select'; options: readonly Choice[]; initial?: string; placeholder?: string }
  /** One of a few options shown at once (radio buttons). */
  | { kind: 'choice'; options: readonly Choice[]; initial?: string }
  | { kind: 'date' }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'text'; multiline?: boolean; maxLength?: number }
  /** A Slack channel (announcements); the console asks for its id. */
  | { kind: 'channel' };

export interface FormField {
  /** The key of its answer in FormValues. */
  id: string;
  label: string;
  optional: boolean;
  hint?: string;
  input: FieldInput;
  /** Asked only when another field's answer is one of these (a transport that can, skips it otherwise). */
  when?: { field: string; oneOf: readonly string[] };
}

export type FormItem = Part | { type: 'field'; field: FormField };

export interface Form {
  /** Which form this is: the submission is routed back by it. */
  id: string;
  title: string;
  /** Absent on a form that only shows a result. */
  submit?: string;
  close: string;
  items: FormItem[];
}

/** A form's answers: field id → what was chosen or typed (absent when skipped). */
export type FormValues = Readonly<Record<string, string | undefined>>;

/** Problems with a submission, by field id, in words for the person. */
export type FormErrors = Record<string, string>;

export interface Home {
  parts: Part[];
}

export type Reply =
  /** `private`: in a channel, only the person may see it (ephemeral or DM), never the channel. */
  { type: 'message'; message: Message; private: boolean } | { type: 'form'; form: Form };

export const heading = (text: string): Part => ({ type: 'heading', text });
export const text = (mrkdwn: string, button?: Button): Part =>
  button ? { type: 'text', mrkdwn, button } : { type: 'text', mrkdwn };
export const fields = (pairs: readonly (readonly [string, string])[]): Part => ({ type: 'fields', pairs });
export const note = (...items: string[]): Part => ({ type: 'note', items });
export const buttons = (row: readonly Button[], group?: string): Part =>
  group ? { type: 'buttons', buttons: row, group } : { type: 'buttons', buttons: row };
export const divider = (): Part => ({ type: 'divider' });
export const image = (picture: Omit<Extract<Part, { type: 'image' }>, 'type'>): Part => ({
  type: 'image',
  ...picture,
});
export const button = (label: string, action: Action, style?: Button['style']): Button =>
  style ? { label, action, style } : { label, action };
export const field = (f: FormField): FormItem => ({ type: 'field', field: f });
