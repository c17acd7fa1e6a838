// `cli ask "question"` prints the answer for a person; `cli ask --jsonl` answers one question per stdin line.
import { type Answer, type Band, createAnswerEngine } from '../answer/index.js';
import { loadContent } from '../content/load.js';
import { TEXT } from '../text/messages.js';
import { type CliIo, CliUsageError, cliConfig, contentDir, parseCliArgs } from './io.js';

/** One line of `ask --jsonl` output: a stable interface that other tools read. */
export interface AskJsonLine {
  question: string;
  kind: Answer['kind'];
  /** How sure: the answer, "did you mean" (the suggestions are the likeliest entries) or out of scope. */
  band: Band;
  faq: { id: string; question: string } | null;
  score: number;
  text: string;
  suggestions: { id: string; question: string }[];
  /** Every question of the line answered, in order, each in the fields above; the top level is the first. */
  answers: Omit<AskJsonLine, 'question' | 'answers' | 'questionsLeft'>[];
  /** Questions of the line past the first three, not answered (0 for most lines). */
  questionsLeft: number;
}

function fields(answer: Answer): Omit<AskJsonLine, 'question' | 'answers' | 'questionsLeft'> {
  return {
    kind: answer.kind,
    band: answer.band,
    faq: answer.faq ? { id: answer.faq.id, question: answer.faq.question } : null,
    score: Math.round(answer.score * 1000) / 1000,
    text: answer.text,
    suggestions: answer.suggestions.map(({ id, question: q }) => ({ id, question: q })),
  };
}

export function toJsonLine(question: string, answer: Answer): AskJsonLine {
  return {
    question,
    ...fields(answer),
    answers: (answer.answers ?? [answer]).map(fields),
    questionsLeft: answer.questionsLeft ?? 0,
  };
}

/** The answer as a person reads it in a terminal. */
export function formatForTerminal(answer: Answer): string {
  const all = answer.answers ?? [answer];
  if (all.length > 1) {
    const each = all.map((a, i) => `${i + 1}. ${formatOne(a)}`);
    if (answer.questionsLeft !== undefined) each.push(TEXT.questionsLeft(all.length, answer.questionsLeft));
    return each.join('\n\n');
  }
  return formatOne(answer);
}

function formatOne(answer: Answer): string {
  const lines = [answer.text];
  const listed = answer.suggestions.map((s) => `  • ${s.question}`);
  if (listed.length > 0)
    switch (answer.kind) {
      case 'faq':
        lines.push('', TEXT.related, ...listed);
        break;
      case 'greeting':
        lines.push('', TEXT.tryAsking, ...listed);
        break;
      case 'sensitive':
      case 'personal':
        // The text ends with the line that introduces them ("If you were asking about the training…").
        lines.push(...listed);
        break;
      case 'unknown':
        // "Did you mean" lists them in its text.
        break;
      default:
        answer.kind satisfies never;
    }
  return lines.join('\n');
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    content: { type: 'string' },
    jsonl: { type: 'boolean', default: false },
  });
  if (values.jsonl && positionals.length > 0)
    throw new CliUsageError(
      `--jsonl reads questions from stdin; got ${JSON.stringify(positionals.join(' '))} too.`,
    );
  if (!values.jsonl && positionals.length === 0) throw new CliUsageError('Expected a question, or --jsonl.');
  const engine = createAnswerEngine({
    content: loadContent(contentDir(values.content, io)),
    cacheDir: cliConfig(io).modelCacheDir,
  });
  if (!values.jsonl) {
    io.out(formatForTerminal(engine.answer(positionals.join(' '))));
    return 0;
  }
  const input = await io.readStdin();
  for (const line of input.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    io.out(JSON.stringify(toJsonLine(line, engine.answer(line))));
  }
  return 0;
}
