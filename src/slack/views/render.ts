// A Reply as Block Kit: messages, the App Home and modals. Everything is cut to Slack's limits here, so no
// reply can exceed them, and each button's action is mapped to an action id the listeners route back.
import type { types } from '@slack/bolt';
import { clip } from '../../text/mrkdwn.js';
import type {
  Action,
  Button,
  FieldInput,
  Form,
  FormField,
  FormValues,
  Home,
  Message,
  Part,
} from '../../text/reply.js';
import { ACTION, openFaqActionId } from './ids.js';
import { LIMITS } from './limits.js';

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** A message as chat.postMessage and respond take it. `text` is the notification / screen-reader fallback. */
export interface MessageView {
  text: string;
  blocks: Block[];
}

/** Said in the last block when a message has more than fits. */
export const MORE_THAN_FITS = '_There is more than fits in one message._';

/** Slack's action id and value for a button's action. */
export function actionIds(action: Action): { actionId: string; value: string } {
  switch (action.kind) {
    case 'open-faq':
      return { actionId: openFaqActionId(action.faqId), value: action.faqId };
    case 'vote':
      return {
        actionId: action.vote === 'up' ? ACTION.feedbackUp : ACTION.feedbackDown,
        value: action.faqId,
      };
    case 'open-check':
      return { actionId: ACTION.openCheck, value: 'check' };
    case 'open-remind':
      return { actionId: ACTION.openRemind, value: 'remind' };
    case 'download-report':
      return { actionId: ACTION.downloadReport, value: 'csv' };
    default:
      return action satisfies never;
  }
}

/** How a transport draws some parts. */
export interface RenderOptions {
  /** 👍/👎 as Slack's feedback buttons (a `context_actions` block), as the assistant thread shows them. */
  feedbackButtons?: boolean;
}

/** The action behind a pressed button, or null for an action id this app does not know. */
export function parseAction(actionId: string, value: string): Action | null {
  if (actionId.startsWith(ACTION.openFaqPrefix)) return { kind: 'open-faq', faqId: value };
  if (actionId === ACTION.feedbackButtons) {
    const [, vote, faqId] = /^(up|down):(.+)$/.exec(value) ?? [];
    return vote && faqId ? { kind: 'vote', faqId, vote: vote as 'up' | 'down' } : null;
  }
  if (actionId === ACTION.feedbackUp) return { kind: 'vote', faqId: value, vote: 'up' };
  if (actionId === ACTION.feedbackDown) return { kind: 'vote', faqId: value, vote: 'down' };
  if (actionId === ACTION.openCheck) return { kind: 'open-check' };
  if (actionId === ACTION.openRemind) return { kind: 'open-remind' };
  if (actionId === ACTION.downloadReport) return { kind: 'download-report' };
  return null;
}

function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

function buttonElement(b: Button): ButtonElement {
  const { actionId, value } = actionIds(b.action);
  const element: ButtonElement = {
    type: 'button',
    text: plain(b.label, LIMITS.buttonText),
    action_id: actionId,
    value: clip(value, LIMITS.buttonValue),
  };
  if (b.style) element.style = b.style;
  return element;
}

function section(mrkdwn: string, accessory?: ButtonElement): types.SectionBlock {
  const block: types.SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) },
  };
  if (accessory) block.accessory = accessory;
  return block;
}

/** Long mrkdwn split over as many sections as it needs, at line breaks where possible. */
function sections(mrkdwn: string, accessory?: ButtonElement): Block[] {
  const out: types.SectionBlock[] = [];
  let rest = mrkdwn.trim();
  while (rest.length > LIMITS.sectionText) {
    const cut = rest.lastIndexOf('\n', LIMITS.sectionText);
    const at = cut > LIMITS.sectionText / 2 ? cut : LIMITS.sectionText;
    out.push(section(rest.slice(0, at)));
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(section(rest));
  const last = out.at(-1);
  if (accessory && last) last.accessory = accessory;
  return out;
}

/** Images uploaded to Slack, by the filename of their part. */
export type ImageFiles = ReadonlyMap<string, { id: string }>;

/**
 * The blocks of a run of parts; buttons with the same action in one reply get distinct block ids. An image
 * is an image block on its uploaded file, or left out when it has none (not uploaded, or attached to the
 * message itself).
 */
export function renderParts(
  parts: readonly Part[],
  images: ImageFiles = new Map(),
  options: RenderOptions = {},
): Block[] {
  const blocks: Block[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'heading':
        blocks.push({ type: 'header', text: plain(part.text, LIMITS.headerText) });
        break;
      case 'text':
        blocks.push(...sections(part.mrkdwn, part.button && buttonElement(part.button)));
        break;
      case 'fields':
        blocks.push({
          type: 'section',
          fields: part.pairs.slice(0, LIMITS.sectionFields).map(([label, value]) => ({
            type: 'mrkdwn',
            text: clip(`*${label}*\n${value}`, LIMITS.sectionFieldText),
          })),
        });
        break;
      case 'note':
        blocks.push({
          type: 'context',
          elements: part.items
            .slice(0, LIMITS.contextElements)
            .map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.sectionText) })),
        });
        break;
      case 'buttons': {
        const votes = feedbackVotes(part.buttons);
        if (options.feedbackButtons && votes) {
          blocks.push(feedbackBlock(votes));
          break;
        }
        const block: types.ActionsBlock = {
          type: 'actions',
          elements: part.buttons.slice(0, LIMITS.actionsElements).map(buttonElement),
        };
        if (part.group) block.block_id = part.group;
        blocks.push(block);
        break;
      }
      case 'divider':
        blocks.push({ type: 'divider' });
        break;
      case 'image': {
        const file = images.get(part.filename);
        if (file)
          blocks.push({
            type: 'image',
            slack_file: { id: file.id },
            alt_text: clip(part.alt, LIMITS.imageAltText),
            title: plain(part.title, LIMITS.imageAltText),
          });
        break;
      }
      default:
        part satisfies never;
    }
  }
  return blocks;
}

/** The 👍 and 👎 of a row that holds just those two votes on one entry, else null. */
function feedbackVotes(buttons: readonly Button[]): { up: Button; down: Button; faqId: string } | null {
  const [up, down] = buttons;
  if (buttons.length !== 2 || up?.action.kind !== 'vote' || down?.action.kind !== 'vote') return null;
  if (up.action.vote !== 'up' || down.action.vote !== 'down' || up.action.faqId !== down.action.faqId)
    return null;
  return { up, down, faqId: up.action.faqId };
}

function feedbackBlock(votes: { up: Button; down: Button; faqId: string }): types.ContextActionsBlock {
  const side = (b: Button, vote: 'up' | 'down') => ({
    text: plain(b.label, LIMITS.buttonText),
    value: clip(`${vote}:${votes.faqId}`, LIMITS.buttonValue),
  });
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION.feedbackButtons,
        positive_button: side(votes.up, 'up'),
        negative_button: side(votes.down, 'down'),
      },
    ],
  };
}

/** Keeps blocks inside a limit: the last kept block says that there was more (and `keepLast` stays last). */
function fitBlocks(blocks: Block[], max: number, overflow: string, keepLast = false): Block[] {
  if (blocks.length <= max) return blocks;
  const more: Block = { type: 'context', elements: [{ type: 'mrkdwn', text: overflow }] };
  if (!keepLast) return [...blocks.slice(0, max - 1), more];
  return [...blocks.slice(0, max - 2), more, blocks.at(-1) as Block];
}

export function renderMessage(message: Message, images?: ImageFiles, options?: RenderOptions): MessageView {
  return {
    text: clip(message.text, LIMITS.messageText),
    blocks: fitBlocks(renderParts(message.parts, images, options), LIMITS.messageBlocks, MORE_THAN_FITS),
  };
}

/** The App Home; past the limit the privacy notice stays last and the block before it says where the rest is. */
export function renderHome(home: Home, overflow: string, images?: ImageFiles): HomeView {
  return {
    type: 'home',
    blocks: fitBlocks(renderParts(home.parts, images), LIMITS.viewBlocks, overflow, true),
  };
}

function option(choice: { label: string; value: string }): types.PlainTextOption {
  return { text: plain(choice.label, LIMITS.optionText), value: clip(choice.value, LIMITS.optionValue) };
}

function element(id: string, input: FieldInput): types.InputBlock['element'] {
  switch (input.kind) {
    case 'select': {
      const select: types.StaticSelect = {
        type: 'static_select',
        action_id: id,
        options: input.options.slice(0, LIMITS.staticSelectOptions).map(option),
      };
      const initial = input.options.find((o) => o.value === input.initial);
      if (initial) select.initial_option = option(initial);
      if (input.placeholder) select.placeholder = plain(input.placeholder, LIMITS.placeholder);
      return select;
    }
    case 'choice': {
      const radio: types.RadioButtons = {
        type: 'radio_buttons',
        action_id: id,
        options: input.options.slice(0, LIMITS.choiceOptions).map(option),
      };
      const initial = input.options.find((o) => o.value === input.initial);
      if (initial) radio.initial_option = option(initial);
      return radio;
    }
    case 'date':
      return { type: 'datepicker', action_id: id };
    case 'number':
      return {
        type: 'number_input',
        action_id: id,
        is_decimal_allowed: false,
        min_value: String(input.min),
        max_value: String(input.max),
      };
    case 'text': {
      const box: types.PlainTextInput = { type: 'plain_text_input', action_id: id };
      if (input.multiline) box.multiline = true;
      if (input.maxLength !== undefined) box.max_length = input.maxLength;
      return box;
    }
    case 'channel':
      return {
        type: 'conversations_select',
        action_id: id,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      };
    default:
      return input satisfies never;
  }
}

/** An input block; its block id and action id are the field's id, so state reads `values[id][id]`. */
function inputBlock(f: FormField): Block {
  const block: types.InputBlock = {
    type: 'input',
    block_id: f.id,
    label: plain(f.label, LIMITS.inputLabel),
    element: element(f.id, f.input),
    optional: f.optional,
  };
  if (f.hint) block.hint = plain(f.hint, LIMITS.inputLabel);
  return block;
}

export function renderForm(form: Form): ModalView {
  const blocks: Block[] = [];
  for (const item of form.items) {
    if (item.type === 'field') blocks.push(inputBlock(item.field));
    else blocks.push(...renderParts([item]));
  }
  const modal: ModalView = {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, LIMITS.modalTitle),
    close: plain(form.close, LIMITS.modalButton),
    blocks: fitBlocks(blocks, LIMITS.viewBlocks, MORE_THAN_FITS),
  };
  if (form.submit) modal.submit = plain(form.submit, LIMITS.modalButton);
  return modal;
}

/** `view.state.values` as Slack sends it: `{ [blockId]: { [actionId]: state } }`. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;
export interface ViewStateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_date?: string | null;
  selected_conversation?: string | null;
}

/** A modal's state as the form's answers: whatever was chosen, picked or typed in each input. */
export function formValues(values: ViewStateValues): FormValues {
  const out: Record<string, string> = {};
  for (const [blockId, byAction] of Object.entries(values)) {
    const state = byAction?.[blockId] ?? Object.values(byAction ?? {})[0];
    const raw =
      state?.selected_option?.value ??
      state?.selected_date ??
      state?.selected_conversation ??
      state?.value ??
      undefined;
    if (typeof raw === 'string') out[blockId] = raw;
  }
  return out;
}
