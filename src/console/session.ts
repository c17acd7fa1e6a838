// The offline console's conversation: one line in, printed text out, over the same bot layer as Slack.
// Kept free of process and readline so tests can drive it line by line.
import { type Bot, type Identity, TEXT, type Viewer, type Vote } from '../bot/index.js';
import { InvalidMomentError, parseMoment } from '../rules/index.js';
import type { MessageView, ModalView } from '../slack/views/blocks.js';
import type { ViewStateValues } from '../slack/views/eligibility.js';
import { ACTION } from '../slack/views/ids.js';
import { COMMAND } from '../slack/views/info.js';
import { type ConsoleButton, renderBlocks } from './render.js';

export interface ConsoleSessionDeps {
  bot: Bot;
  identity: Pick<Identity, 'byEmail'>;
  /** The cycle's time zone, for `/on DATE`. */
  timeZone: string;
  /** The console's clock, which `/on` moves. */
  clock: { now: Date };
  /** Who the person is at the start. */
  email: string;
  /** Demo people for `/people`: email and a short description. */
  people?: () => { email: string; description: string }[];
}

export interface ConsoleSession {
  /** Handles one line; returns what to print (possibly empty). `done` after `/quit`. */
  handle(line: string): Promise<{ output: string; done: boolean }>;
  /** Who you are and the date, and how to switch. */
  banner(): string;
  /** The prompt to show before the next line (the form asks its own questions). */
  prompt(): string;
}

interface FormField {
  id: string;
  label: string;
  optional: boolean;
  hint: string | null;
  kind: 'static_select' | 'datepicker' | 'number_input' | 'other';
  options: { label: string; value: string }[];
}

interface PendingForm {
  fields: FormField[];
  index: number;
  values: ViewStateValues;
}

export const CONSOLE_HELP = [
  'Type a question as you would in a DM, or a command:',
  `  ${COMMAND} status | ask <question> | modules | schedule | contacts | help`,
  '  1, 2, …         press the button with that number',
  '  /home           the App Home tab',
  '  /as EMAIL       be someone else (try /people)',
  '  /on YYYY-MM-DD  set the date',
  '  /people         the demo people',
  '  /whoami         who you are and the date',
  '  /quit           leave',
].join('\n');

interface InputLike {
  block_id?: string;
  label: { text: string };
  optional?: boolean;
  hint?: { text: string };
  element: unknown;
}

function formFields(modal: ModalView): FormField[] {
  const fields: FormField[] = [];
  for (const raw of modal.blocks) {
    if (raw.type !== 'input') continue;
    const block = raw as InputLike;
    const element = block.element as unknown as Record<string, unknown>;
    const type = String(element['type']);
    const options = Array.isArray(element['options'])
      ? (element['options'] as { text: { text: string }; value: string }[]).map((o) => ({
          label: o.text.text,
          value: o.value,
        }))
      : [];
    fields.push({
      id: block.block_id ?? String(element['action_id']),
      label: block.label.text,
      optional: block.optional ?? false,
      hint: block.hint?.text ?? null,
      kind: type === 'static_select' || type === 'datepicker' || type === 'number_input' ? type : 'other',
      options,
    });
  }
  return fields;
}

export function createConsoleSession(deps: ConsoleSessionDeps): ConsoleSession {
  let viewer: Viewer = deps.identity.byEmail(deps.email);
  let buttons: ConsoleButton[] = [];
  let form: PendingForm | null = null;

  const show = (view: MessageView | { blocks: readonly unknown[] }): string => {
    const rendered = renderBlocks(view.blocks);
    buttons = rendered.buttons;
    const hint = buttons.length > 0 ? '\n  (type a button number to press it)' : '';
    return `${rendered.text}${hint}`;
  };

  const whoami = (): string => {
    const profile = viewer.profile;
    const who = profile
      ? `${profile.name ?? viewer.email} <${viewer.email}>, ${profile.role.replace('_', ' ')}${profile.department ? `, ${profile.department}` : ''}`
      : `${viewer.email} (no roster record)`;
    const day = deps.clock.now.toISOString().slice(0, 10);
    return `You are ${who}. Today is ${day}. Switch with /as EMAIL and /on YYYY-MM-DD; /help for more.`;
  };

  const askField = (): string => {
    if (!form) return '';
    const field = form.fields[form.index];
    if (!field) return '';
    const lines = [`${field.label}${field.optional ? ' (optional: Enter to skip)' : ''}`];
    if (field.hint) lines.push(`  ${field.hint}`);
    if (field.kind === 'static_select') {
      for (const [i, o] of field.options.entries()) lines.push(`  ${i + 1}. ${o.label}`);
    }
    if (field.kind === 'datepicker') lines.push('  A date: YYYY-MM-DD');
    if (field.kind === 'number_input') lines.push('  A number');
    return lines.join('\n');
  };

  const startForm = (modal: ModalView): string => {
    form = { fields: formFields(modal), index: 0, values: {} };
    return `${modal.title.text}\n${renderBlocks(modal.blocks).text}\n(/cancel to stop)\n\n${askField()}`;
  };

  const answerField = (line: string): string => {
    if (!form) return '';
    const field = form.fields[form.index];
    if (!field) return '';
    const input = line.trim();
    if (input === '') {
      if (!field.optional) return `Please answer this one.\n${askField()}`;
    } else {
      switch (field.kind) {
        case 'static_select': {
          const byNumber = /^\d+$/.test(input) ? field.options[Number(input) - 1] : undefined;
          const option =
            byNumber ??
            field.options.find((o) => o.value === input || o.label.toLowerCase() === input.toLowerCase());
          if (!option) return `Please type one of the numbers.\n${askField()}`;
          form.values[field.id] = {
            [field.id]: { type: 'static_select', selected_option: { value: option.value } },
          };
          break;
        }
        case 'datepicker':
          form.values[field.id] = { [field.id]: { type: 'datepicker', selected_date: input } };
          break;
        case 'number_input':
        case 'other':
          form.values[field.id] = { [field.id]: { type: field.kind, value: input } };
          break;
        default:
          field.kind satisfies never;
      }
    }
    form.index += 1;
    if (form.index < form.fields.length) return askField();
    const result = deps.bot.submitCheck(form.values);
    form = null;
    if (!result.ok) {
      const problems = Object.entries(result.errors).map(([id, message]) => `  ${id}: ${message}`);
      return `Some answers need another look:\n${problems.join('\n')}\nType the button number again to retry.`;
    }
    return show(result.modal);
  };

  const press = async (button: ConsoleButton): Promise<string> => {
    if (button.actionId.startsWith(ACTION.openFaqPrefix)) {
      const message = deps.bot.openFaq(viewer, button.value);
      return message ? show(message) : TEXT.faqNotFound;
    }
    if (button.actionId === ACTION.feedbackUp || button.actionId === ACTION.feedbackDown) {
      const vote: Vote = button.actionId === ACTION.feedbackUp ? 'up' : 'down';
      const message = deps.bot.feedback(button.value, vote, viewer.email);
      return message ? show(message) : TEXT.faqNotFound;
    }
    if (button.actionId === ACTION.openCheck) return startForm(deps.bot.openCheck());
    return `The console does not know the button "${button.label}".`;
  };

  const consoleCommand = async (name: string, arg: string): Promise<{ output: string; done: boolean }> => {
    switch (name) {
      case '/quit':
      case '/exit':
        return { output: 'Bye.', done: true };
      case '/help':
        return { output: CONSOLE_HELP, done: false };
      case '/whoami':
        return { output: whoami(), done: false };
      case '/home':
        return { output: show(deps.bot.home(viewer)), done: false };
      case '/people': {
        const people = deps.people?.() ?? [];
        return {
          output:
            people.length > 0
              ? people.map((p) => `  ${p.email}  ${p.description}`).join('\n')
              : 'No demo people.',
          done: false,
        };
      }
      case '/as':
        if (arg === '') return { output: 'Usage: /as EMAIL', done: false };
        viewer = deps.identity.byEmail(arg);
        buttons = [];
        return { output: whoami(), done: false };
      case '/on':
        try {
          deps.clock.now = parseMoment(arg, deps.timeZone);
          return { output: whoami(), done: false };
        } catch (error) {
          if (error instanceof InvalidMomentError)
            return { output: `Not a date: ${JSON.stringify(arg)}. Use YYYY-MM-DD.`, done: false };
          throw error;
        }
      default:
        return { output: `Unknown console command ${JSON.stringify(name)}.\n${CONSOLE_HELP}`, done: false };
    }
  };

  return {
    banner: whoami,
    prompt: () => (form ? '? ' : 'you> '),
    async handle(line) {
      const text = line.trim();
      if (form) {
        if (text === '/cancel') {
          form = null;
          return { output: 'Cancelled.', done: false };
        }
        return { output: answerField(text), done: false };
      }
      if (text === '') return { output: '', done: false };
      if (/^\d+$/.test(text)) {
        const button = buttons.find((b) => b.number === Number(text));
        if (!button) return { output: `There is no button ${text} on the last reply.`, done: false };
        return { output: await press(button), done: false };
      }
      if (text === COMMAND || text.startsWith(`${COMMAND} `)) {
        const reply = await deps.bot.command(viewer, text.slice(COMMAND.length));
        return { output: reply.type === 'modal' ? startForm(reply.modal) : show(reply.message), done: false };
      }
      if (text.startsWith('/')) {
        const [name = '', ...rest] = text.split(/\s+/);
        return consoleCommand(name.toLowerCase(), rest.join(' '));
      }
      return { output: show(deps.bot.ask(viewer, text, 'dm').message), done: false };
    },
  };
}
