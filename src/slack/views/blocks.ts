// Small Block Kit builders shared by the views: they cut text to the platform's limits so no view can exceed them.
import type { types } from '@slack/bolt';
import { LIMITS } from './limits.js';

export { LIMITS };

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** A message as both Slack and the terminal render it. `text` is the notification / screen-reader fallback. */
export interface MessageView {
  text: string;
  blocks: Block[];
}

/** Cuts text to `max` characters, ending with an ellipsis when it had to cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

export function section(mrkdwn: string, accessory?: ButtonElement): Block {
  const block: types.SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) },
  };
  if (accessory) block.accessory = accessory;
  return block;
}

/** Long mrkdwn split over as many sections as it needs, at paragraph breaks where possible. */
export function sections(mrkdwn: string): Block[] {
  const out: Block[] = [];
  let rest = mrkdwn.trim();
  while (rest.length > LIMITS.sectionText) {
    const cut = rest.lastIndexOf('\n', LIMITS.sectionText);
    const at = cut > LIMITS.sectionText / 2 ? cut : LIMITS.sectionText;
    out.push(section(rest.slice(0, at)));
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(section(rest));
  return out;
}

export function context(...mrkdwn: string[]): Block {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: clip(text, LIMITS.sectionText) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): ButtonElement {
  const element: ButtonElement = {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: clip(value, LIMITS.buttonValue),
  };
  if (style) element.style = style;
  return element;
}

/** An actions block; `blockId` keeps action ids unique per message where the same action repeats. */
export function actions(elements: ButtonElement[], blockId?: string): Block {
  const block: types.ActionsBlock = { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
  if (blockId) block.block_id = blockId;
  return block;
}

/** Keeps a message inside the block limit: the last block says that there was more. */
export function fitMessage(view: MessageView, max: number = LIMITS.messageBlocks): MessageView {
  const text = clip(view.text, LIMITS.messageText);
  if (view.blocks.length <= max) return { text, blocks: view.blocks };
  return {
    text,
    blocks: [...view.blocks.slice(0, max - 1), context('_There is more than fits in one message._')],
  };
}

/** A section of short label/value pairs laid out in two columns (at most ten). */
export function fields(pairs: readonly (readonly [label: string, value: string])[]): Block {
  return {
    type: 'section',
    fields: pairs.slice(0, LIMITS.sectionFields).map(([label, value]) => ({
      type: 'mrkdwn',
      text: clip(`*${label}*\n${value}`, LIMITS.sectionFieldText),
    })),
  };
}

export interface Choice {
  label: string;
  value: string;
}

function option(choice: Choice): types.PlainTextOption {
  return {
    text: { type: 'plain_text', text: clip(choice.label, LIMITS.optionText), emoji: true },
    value: clip(choice.value, LIMITS.optionValue),
  };
}

function inputBlock(
  blockId: string,
  label: string,
  element: types.InputBlock['element'],
  options: { optional?: boolean; hint?: string },
): Block {
  const block: types.InputBlock = {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: clip(label, LIMITS.inputLabel), emoji: true },
    element,
    optional: options.optional ?? false,
  };
  if (options.hint) block.hint = { type: 'plain_text', text: clip(options.hint, LIMITS.inputLabel) };
  return block;
}

/** An input with a static select; the block id and action id are the same, so state reads `values[id][id]`. */
export function selectInput(
  id: string,
  label: string,
  choices: readonly Choice[],
  options: { optional?: boolean; hint?: string; placeholder?: string } = {},
): Block {
  const element: types.StaticSelect = {
    type: 'static_select',
    action_id: id,
    options: choices.map(option),
  };
  if (options.placeholder) element.placeholder = { type: 'plain_text', text: clip(options.placeholder, 150) };
  return inputBlock(id, label, element, options);
}

export function dateInput(
  id: string,
  label: string,
  options: { optional?: boolean; hint?: string } = {},
): Block {
  const element: types.Datepicker = { type: 'datepicker', action_id: id };
  return inputBlock(id, label, element, options);
}

export function numberInput(
  id: string,
  label: string,
  range: { min: number; max: number },
  options: { optional?: boolean; hint?: string } = {},
): Block {
  const element: types.NumberInput = {
    type: 'number_input',
    action_id: id,
    is_decimal_allowed: false,
    min_value: String(range.min),
    max_value: String(range.max),
  };
  return inputBlock(id, label, element, options);
}

export function plainText(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}
