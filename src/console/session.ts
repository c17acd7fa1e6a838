// The offline console's conversation: one line in, printed text out, over the same bot layer as Slack.
// Kept free of process and readline so tests can drive it line by line.
import type { Bot, Identity, RemindFlow, Viewer } from '../bot/index.js';
import { CHECK_FORM } from '../bot/replies/eligibility.js';
import { REMIND_FORM } from '../bot/replies/remind-form.js';
import { InvalidMomentError, parseMoment } from '../rules/index.js';
import { COMMAND, NOT_ENTITLED_TEXT, TEXT } from '../text/messages.js';
import type { Action, Form, FormField, FormValues, Message, Part, Reply } from '../text/reply.js';
import { type ConsoleButton, renderParts } from './render.js';

export interface ConsoleSessionDeps {
  bot: Bot;
  identity: Pick<Identity, 'byEmail'>;
  /** The cycle's time zone, for `/on DATE`. */
  timeZone: string;
  /** The day the rules answer for (CoreOptions.rulesDate), which `/on` moves. */
  rulesDate: { value: Date };
  /** Who the person is at the start. */
  email: string;
  /** Demo people for `/people`: email and a short description. */
  people?: () => Promise<{ email: string; description: string }[]>;
  /** A role as a sentence names it (policy.yml `roles`); the role's id without it. */
  roleLabel?: (role: string) => string;
  /** The reminder composer's submission; without it, `remind` can only be opened. */
  remind?: RemindFlow;
  /** Writes an image part's PNG (the chart, under data/); returns the path to show. */
  saveImage?: (part: Extract<Part, { type: 'image' }>) => Promise<string>;
  /** "Download report (CSV)": writes the viewer's report (under data/); its path, or null if not theirs. */
  saveReportCsv?: (viewer: Viewer) => Promise<string | null>;
}

export interface ConsoleSession {
  /** Handles one line; returns what to print (possibly empty). `done` after `/quit`. */
  handle(line: string): Promise<{ output: string; done: boolean }>;
  /** Who you are and the date, and how to switch. */
  banner(): string;
  /** The prompt to show before the next line (the form asks its own questions). */
  prompt(): string;
}

interface PendingForm {
  form: Form;
  fields: FormField[];
  index: number;
  values: Record<string, string>;
}

/** Said when the composer is sent from the console, which has no Slack to send through. */
export const CONSOLE_CANNOT_SEND =
  'The console does not send messages: choose the dry run, or use `npm run --silent cli -- remind` with a bot token.';

export const CONSOLE_HELP = [
  'Type a question as you would in a DM, or a command:',
  `  help | status | questions | modules | schedule | contacts   (or ${COMMAND} <subcommand>, as in Slack)`,
  '  1, 2, …         press the button with that number',
  '  /home           the App Home tab',
  '  /as EMAIL       be someone else (try /people)',
  '  /on YYYY-MM-DD  set the date',
  '  /people         the demo people',
  '  /whoami         who you are and the date',
  '  /quit           leave',
].join('\n');

/** Whether a field applies, given the answers so far (the form asks only what applies). */
function applies(field: FormField, values: FormValues): boolean {
  if (!field.when) return true;
  const answer = values[field.when.field];
  return answer !== undefined && field.when.oneOf.includes(answer);
}

/** The session, as the person `deps.email` (read from the roster first). */
export async function createConsoleSession(deps: ConsoleSessionDeps): Promise<ConsoleSession> {
  let viewer: Viewer = await deps.identity.byEmail(deps.email);
  let buttons: ConsoleButton[] = [];
  let pending: PendingForm | null = null;

  const show = async (parts: Message['parts']): Promise<string> => {
    const saved = new Map<string, string>();
    for (const part of parts)
      if (part.type === 'image' && deps.saveImage) saved.set(part.filename, await deps.saveImage(part));
    const rendered = renderParts(parts, 1, saved);
    buttons = rendered.buttons;
    const hint = buttons.length > 0 ? '\n  (type a button number to press it)' : '';
    return `${rendered.text}${hint}`;
  };

  const whoami = (): string => {
    const profile = viewer.profile;
    const who = profile
      ? `${profile.name ?? viewer.email} <${viewer.email}>, ${deps.roleLabel?.(profile.role) ?? profile.role}${profile.department ? `, ${profile.department}` : ''}`
      : `${viewer.email} (no roster record)`;
    const day = deps.rulesDate.value.toISOString().slice(0, 10);
    return `You are ${who}. Today is ${day}. Switch with /as EMAIL and /on YYYY-MM-DD; /help for more.`;
  };

  const currentField = (): FormField | undefined => {
    if (!pending) return undefined;
    while (pending.index < pending.fields.length) {
      const field = pending.fields[pending.index];
      if (field && applies(field, pending.values)) return field;
      pending.index += 1;
    }
    return undefined;
  };

  const askField = (): string => {
    const field = currentField();
    if (!field) return '';
    // A label that already says "(optional)" is not told so twice.
    const skip = field.optional
      ? /\(optional\)$/.test(field.label)
        ? ' (Enter to skip)'
        : ' (optional: Enter to skip)'
      : '';
    const lines = [`${field.label}${skip}`];
    if (field.hint) lines.push(`  ${field.hint}`);
    switch (field.input.kind) {
      case 'select':
      case 'choice':
        for (const [i, o] of field.input.options.entries()) lines.push(`  ${i + 1}. ${o.label}`);
        break;
      case 'date':
        lines.push('  A date: YYYY-MM-DD');
        break;
      case 'number':
        lines.push(`  A number from ${field.input.min} to ${field.input.max}`);
        break;
      case 'channel':
        lines.push('  A channel id (C…)');
        break;
      case 'text':
        break;
      default:
        field.input satisfies never;
    }
    return lines.join('\n');
  };

  const showForm = async (form: Form): Promise<string> => {
    const fields = form.items.flatMap((item) => (item.type === 'field' ? [item.field] : []));
    const parts = form.items.flatMap((item) => (item.type === 'field' ? [] : [item]));
    const body = await show(parts);
    if (fields.length === 0) return `${form.title}\n${body}`;
    pending = { form, fields, index: 0, values: {} };
    return `${form.title}\n${body}\n(/cancel to stop)\n\n${askField()}`;
  };

  const submit = async (form: Form, values: FormValues): Promise<string> => {
    switch (form.id) {
      case CHECK_FORM: {
        const result = deps.bot.submitCheck(values);
        if (result.ok) return showForm(result.form);
        const problems = Object.entries(result.errors).map(([id, message]) => `  ${id}: ${message}`);
        return `Some answers need another look:\n${problems.join('\n')}\nType the button number again to retry.`;
      }
      case REMIND_FORM: {
        if (!deps.remind) return CONSOLE_CANNOT_SEND;
        const checked = await deps.remind.check(viewer, values);
        if (!checked.ok) return Object.values(checked.errors).join('\n');
        if (!checked.dryRun) return CONSOLE_CANNOT_SEND;
        const printed: string[] = [];
        await deps.remind.carryOut(viewer, checked, {
          async post(message) {
            printed.push(await show(message.parts));
            return { update: async (next) => void printed.push(await show(next.parts)) };
          },
        });
        return printed.join('\n\n');
      }
      default:
        return `The console cannot submit the form "${form.title}".`;
    }
  };

  const answerField = async (line: string): Promise<string> => {
    const field = currentField();
    if (!pending || !field) return '';
    const input = line.trim();
    if (input === '') {
      if (!field.optional) return `Please answer this one.\n${askField()}`;
    } else {
      switch (field.input.kind) {
        case 'select':
        case 'choice': {
          const options = field.input.options;
          const byNumber = /^\d+$/.test(input) ? options[Number(input) - 1] : undefined;
          const option =
            byNumber ??
            options.find((o) => o.value === input || o.label.toLowerCase() === input.toLowerCase());
          if (!option) return `Please type one of the numbers.\n${askField()}`;
          pending.values[field.id] = option.value;
          break;
        }
        default:
          pending.values[field.id] = input;
      }
    }
    pending.index += 1;
    if (currentField()) return askField();
    const { form, values } = pending;
    pending = null;
    return submit(form, values);
  };

  const showReply = (reply: Reply): Promise<string> =>
    reply.type === 'form' ? showForm(reply.form) : show(reply.message.parts);

  const press = async (action: Action): Promise<string> => {
    switch (action.kind) {
      case 'open-faq': {
        const message = deps.bot.openFaq(viewer, action.faqId);
        return message ? show(message.parts) : TEXT.faqNotFound;
      }
      case 'vote': {
        const message = await deps.bot.feedback(action.faqId, action.vote, viewer.email);
        return message ? show(message.parts) : TEXT.faqNotFound;
      }
      case 'open-check':
        return showForm(deps.bot.openCheck());
      case 'open-remind':
        return showReply(await deps.bot.command(viewer, 'remind'));
      case 'download-report': {
        const path = deps.saveReportCsv ? await deps.saveReportCsv(viewer) : undefined;
        if (path === undefined) return 'The console cannot write the report here.';
        return path === null ? NOT_ENTITLED_TEXT : `Report (CSV) saved to ${path}`;
      }
      default:
        return action satisfies never;
    }
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
        return { output: await show((await deps.bot.home(viewer)).parts), done: false };
      case '/people': {
        const people = (await deps.people?.()) ?? [];
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
        viewer = await deps.identity.byEmail(arg);
        buttons = [];
        return { output: whoami(), done: false };
      case '/on':
        try {
          deps.rulesDate.value = parseMoment(arg, deps.timeZone);
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
    prompt: () => (pending ? '? ' : 'you> '),
    async handle(line) {
      const text = line.trim();
      if (pending) {
        if (text === '/cancel') {
          pending = null;
          return { output: 'Cancelled.', done: false };
        }
        return { output: await answerField(text), done: false };
      }
      if (text === '') return { output: '', done: false };
      if (/^\d+$/.test(text)) {
        const button = buttons.find((b) => b.number === Number(text));
        if (!button) return { output: `There is no button ${text} on the last reply.`, done: false };
        return { output: await press(button.action), done: false };
      }
      if (text === COMMAND || text.startsWith(`${COMMAND} `)) {
        return {
          output: await showReply(await deps.bot.command(viewer, text.slice(COMMAND.length))),
          done: false,
        };
      }
      if (text.startsWith('/')) {
        const [name = '', ...rest] = text.split(/\s+/);
        return consoleCommand(name.toLowerCase(), rest.join(' '));
      }
      return { output: await show((await deps.bot.message(viewer, text)).message.parts), done: false };
    },
  };
}
