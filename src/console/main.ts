// `npm run console -- [--as EMAIL] [--on DATE] [--db FILE] [--content DIR]`: a terminal chat with the bot, no
// Slack account needed. Reads one message per line from stdin, so it works piped as well as interactively.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConsoleConfig } from '../config.js';
import { roleLabel } from '../content/roles.js';
import { isExpected, messageOf } from '../errors.js';
import { InvalidMomentError, parseMoment } from '../rules/index.js';
import { createConsoleSession } from './session.js';
import { openConsoleRuntime, TRAINING_NOTICE } from './setup.js';

const USAGE = 'Usage: npm run console -- [--as EMAIL] [--on YYYY-MM-DD] [--db FILE] [--content DIR]';

export async function main(argv: string[]): Promise<number> {
  let values: { as?: string; on?: string; db?: string; content?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        as: { type: 'string' },
        on: { type: 'string' },
        db: { type: 'string' },
        content: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${messageOf(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const rulesDate = { value: new Date() };
  let runtime: Awaited<ReturnType<typeof openConsoleRuntime>>;
  try {
    const config = loadConsoleConfig();
    runtime = await openConsoleRuntime({
      contentDir: values.content ?? config.contentDir,
      retentionDays: config.missesRetentionDays,
      ...(values.db !== undefined ? { db: values.db } : {}),
      cwd: process.cwd(),
      rulesDate,
      onTrainingModel: () => console.error(TRAINING_NOTICE),
      modelCacheDir: config.modelCacheDir,
    });
  } catch (error) {
    if (isExpected(error)) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const { content, store, bot, identity, remind, admin } = runtime;
  // Pictures and files an admin asks for are written under data/, next to the console's database.
  const saveUnderData = (filename: string, bytes: Uint8Array | string): string => {
    const file = join('data', filename);
    mkdirSync(resolve('data'), { recursive: true });
    writeFileSync(resolve(file), bytes);
    return file;
  };
  try {
    rulesDate.value = parseMoment(values.on ?? runtime.defaults.on, content.schedule.cycle.timeZone);
  } catch (error) {
    await runtime.close();
    if (error instanceof InvalidMomentError) {
      console.error(`--on: ${error.message}.\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const session = await createConsoleSession({
    bot,
    identity,
    remind,
    saveImage: async (part) => {
      // Vega and the font load when a chart is first shown, not at every start.
      const { renderCompletionChart } = await import('../reports/chart.js');
      return saveUnderData(part.filename, await renderCompletionChart(part.chart));
    },
    saveReportCsv: async (viewer) => {
      const file = await admin.reportCsv(viewer);
      return file && saveUnderData(file.filename, file.csv);
    },
    timeZone: content.schedule.cycle.timeZone,
    roleLabel: (role) => roleLabel(content.policy, role),
    rulesDate,
    email: values.as ?? runtime.defaults.as,
    people: async () =>
      (await store.listPeople()).map((p) => ({
        email: p.profile.email,
        description: [p.profile.name, roleLabel(content.policy, p.profile.role), p.profile.department]
          .filter(Boolean)
          .join(', '),
      })),
  });

  const interactive = process.stdin.isTTY === true;
  const where = runtime.demo
    ? `demo roster: ${runtime.demo.people} people and ${runtime.demo.completions} completions from ${runtime.demo.source}, in ${runtime.dbPath}`
    : `database ${runtime.dbPath}`;
  console.log(`Offline console (${where}).`);
  if (runtime.demo?.unfit)
    console.log(`The example roster does not fit this content's cycle:\n${runtime.demo.unfit}`);
  console.log(session.banner());
  console.log(`Ask a question, or try "/harassment-training status", "/home" or "/help".\n`);

  // In a terminal, readline draws the prompt and echoes what is typed, so it needs the output stream too.
  const rl = createInterface({
    input: process.stdin,
    ...(interactive ? { output: process.stdout } : {}),
    terminal: interactive,
  });
  if (interactive) {
    rl.setPrompt(session.prompt());
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      // Piped input is echoed so a transcript reads as a conversation.
      // (A skipped form answer is an empty line: echoed too, so the questions and answers stay paired.)
      const prompt = session.prompt();
      if (!interactive && (line.trim() !== '' || prompt !== 'you> ')) console.log(`${prompt}${line}`);
      const { output, done } = await session.handle(line);
      if (output !== '') console.log(`${output}\n`);
      if (done) break;
      if (interactive) {
        rl.setPrompt(session.prompt());
        rl.prompt();
      }
    }
  } finally {
    rl.close();
    await runtime.close();
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
