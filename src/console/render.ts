// A Reply as readable terminal text: the console shows the very replies Slack gets. Buttons are numbered so
// a person can type the number to press one.
import { mrkdwnForTerminal } from '../text/mrkdwn.js';
import type { Action, Part } from '../text/reply.js';

export { mrkdwnForTerminal };

export interface ConsoleButton {
  /** What the person types. */
  number: number;
  label: string;
  action: Action;
}

export interface TerminalText {
  text: string;
  buttons: ConsoleButton[];
}

const RULE = '─'.repeat(60);

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${prefix}${line}`))
    .join('\n');
}

/** Said for a picture the console could not save. */
export const IMAGE_NOT_SAVED = 'not saved (the console saves pictures when it has a data folder)';

/**
 * Renders parts; buttons are numbered from `firstNumber` in reading order. An image is a line saying where
 * its PNG was saved (`saved`: the path by the part's filename).
 */
export function renderParts(
  parts: readonly Part[],
  firstNumber = 1,
  saved: ReadonlyMap<string, string> = new Map(),
): TerminalText {
  const out: string[] = [];
  const buttons: ConsoleButton[] = [];
  const press = (label: string, action: Action): string => {
    const number = firstNumber + buttons.length;
    buttons.push({ number, label, action });
    return `[${number}] ${label}`;
  };
  for (const part of parts) {
    switch (part.type) {
      case 'heading':
        out.push('', part.text.toUpperCase(), '═'.repeat(Math.min(60, part.text.length)));
        break;
      case 'text': {
        const lines = [mrkdwnForTerminal(part.mrkdwn)];
        if (part.button) lines.push(`   ${press(part.button.label, part.button.action)}`);
        out.push(lines.join('\n'));
        break;
      }
      case 'fields':
        out.push(part.pairs.map(([label, value]) => `${label}: ${mrkdwnForTerminal(value)}`).join('\n'));
        break;
      case 'note':
        out.push(indent(part.items.map(mrkdwnForTerminal).join('  ·  '), '  '));
        break;
      case 'buttons':
        out.push(part.buttons.map((b) => `  ${press(b.label, b.action)}`).join('\n'));
        break;
      case 'divider':
        out.push(RULE);
        break;
      case 'image': {
        const path = saved.get(part.filename);
        out.push(`📈 ${part.title}: ${path ? `saved to ${path}` : IMAGE_NOT_SAVED}`);
        break;
      }
      default:
        part satisfies never;
    }
  }
  return { text: out.join('\n').replace(/^\n+/, ''), buttons };
}
