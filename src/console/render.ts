// Block Kit as readable terminal text: the console shows the very views Slack gets. Buttons are numbered so a
// person can type the number to press one.
import { mrkdwnToText } from '../answer/index.js';

export interface ConsoleButton {
  /** What the person types. */
  number: number;
  label: string;
  actionId: string;
  value: string;
}

export interface Rendered {
  text: string;
  buttons: ConsoleButton[];
}

type Json = Record<string, unknown>;

const RULE = '─'.repeat(60);

/** Slack mrkdwn as plain text: links as label (address), emphasis dropped, entities decoded. */
export function mrkdwnForTerminal(mrkdwn: string): string {
  return mrkdwnToText(mrkdwn).replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

function textOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const t = value as Json;
  const text = typeof t['text'] === 'string' ? t['text'] : '';
  return t['type'] === 'mrkdwn' ? mrkdwnForTerminal(text) : text;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${prefix}${line}`))
    .join('\n');
}

/**
 * Renders blocks; buttons are numbered from `firstNumber` in reading order. Inputs (a modal's form) are not
 * rendered here: the console asks for them one by one.
 */
export function renderBlocks(blocks: readonly unknown[], firstNumber = 1): Rendered {
  const out: string[] = [];
  const buttons: ConsoleButton[] = [];
  const press = (element: Json): string => {
    const number = firstNumber + buttons.length;
    const label = textOf(element['text']);
    buttons.push({
      number,
      label,
      actionId: String(element['action_id'] ?? ''),
      value: String(element['value'] ?? ''),
    });
    return `[${number}] ${label}`;
  };
  for (const raw of blocks) {
    if (typeof raw !== 'object' || raw === null) continue;
    const block = raw as Json;
    switch (block['type']) {
      case 'header': {
        const title = textOf(block['text']);
        out.push('', title.toUpperCase(), '═'.repeat(Math.min(60, title.length)));
        break;
      }
      case 'section': {
        const parts: string[] = [];
        if (block['text']) parts.push(textOf(block['text']));
        const fields = Array.isArray(block['fields']) ? (block['fields'] as unknown[]) : [];
        for (const field of fields) {
          // A field is "*Label*\nvalue": one line, "Label: value".
          const [label, ...rest] = textOf(field).split('\n');
          parts.push(rest.length > 0 ? `${label}: ${rest.join(' ')}` : (label ?? ''));
        }
        const accessory = block['accessory'] as Json | undefined;
        if (accessory?.['type'] === 'button') parts.push(`   ${press(accessory)}`);
        out.push(parts.join('\n'));
        break;
      }
      case 'context': {
        const elements = Array.isArray(block['elements']) ? (block['elements'] as unknown[]) : [];
        out.push(indent(elements.map(textOf).join('  ·  '), '  '));
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block['elements']) ? (block['elements'] as Json[]) : [];
        out.push(
          elements
            .filter((e) => e['type'] === 'button')
            .map((e) => `  ${press(e)}`)
            .join('\n'),
        );
        break;
      }
      case 'divider':
        out.push(RULE);
        break;
      default:
        break;
    }
  }
  return { text: out.join('\n').replace(/^\n+/, ''), buttons };
}
