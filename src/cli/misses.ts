// `cli misses` lists the questions the bot could not answer or that got a 👎, grouped by similarity with the
// nearest FAQ entry; `cli misses promote ID --to FAQ_ID` prints the YAML to paste into a training file.
import { createAnswerEngine } from '../answer/index.js';
import { type Content, loadContent } from '../content/load.js';
import {
  groupMisses,
  type MissGroup,
  type Nearest,
  PromoteError,
  promotionYaml,
  purgeExpiredMisses,
} from '../misses/index.js';
import type { Store } from '../store/index.js';
import { openCliStore, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, cliConfig, contentDir, parseCliArgs } from './io.js';

export interface MissesCommandDeps {
  now: () => Date;
}

/** Opens the store for its misses and counts; expired misses are purged as it opens. */
export async function openCliMisses(
  dbFlag: string | undefined,
  io: CliIo,
  content: Content,
  now: () => Date,
): Promise<{ store: Store; retentionDays: number }> {
  const retentionDays = cliConfig(io).missesRetentionDays;
  const store = await openCliStore(dbFlag, io, content.schedule);
  try {
    await purgeExpiredMisses(store.misses, { retentionDays, timeZone: content.schedule.cycle.timeZone, now });
  } catch (error) {
    await store.close();
    throw error;
  }
  return { store, retentionDays };
}

export function createMissesCommand(deps: MissesCommandDeps) {
  return (args: string[], io: CliIo): Promise<number> =>
    reportingStoreErrors(io, async () => {
      const { values, positionals } = parseCliArgs(args, {
        db: { type: 'string' },
        content: { type: 'string' },
        to: { type: 'string' },
      });
      const [sub, ...rest] = positionals;
      const content = loadContent(contentDir(values.content, io));
      switch (sub) {
        case undefined:
        case 'list': {
          if (rest.length > 0) throw new CliUsageError(`Unexpected argument ${JSON.stringify(rest[0])}.`);
          if (values.to !== undefined)
            throw new CliUsageError('--to belongs to "misses promote ID --to FAQ_ID".');
          const engine = createAnswerEngine({ content, cacheDir: cliConfig(io).modelCacheDir });
          const nearest = (text: string): Nearest | null => {
            const [top] = engine.rank(text);
            return top ? { id: top.entry.id, question: top.entry.question, score: top.score } : null;
          };
          const { store, retentionDays } = await openCliMisses(values.db, io, content, deps.now);
          try {
            const kept = await store.misses.listMisses();
            io.out(renderGroups(groupMisses(kept, nearest), kept.length, retentionDays));
          } finally {
            await store.close();
          }
          return 0;
        }
        case 'promote': {
          const [idText, ...extra] = rest;
          if (idText === undefined || extra.length > 0 || values.to === undefined) {
            throw new CliUsageError('Expected "misses promote ID --to FAQ_ID".');
          }
          if (!/^\d+$/.test(idText))
            throw new CliUsageError(`${JSON.stringify(idText)} is not a miss id (a number).`);
          const entry = content.faq.entries.find((e) => e.id === values.to);
          if (!entry) {
            throw new CliUsageError(
              `Unknown FAQ entry ${JSON.stringify(values.to)}; the ids are in content/faq.yml (e.g. "${content.faq.entries[0]?.id ?? ''}").`,
            );
          }
          const { store } = await openCliMisses(values.db, io, content, deps.now);
          try {
            const miss = await store.misses.miss(Number(idText));
            if (!miss) {
              io.err(
                `No miss with id ${idText}: see "misses" for the ids (a miss past its retention period is gone).`,
              );
              return 1;
            }
            const phrasings = content.training.phrasings
              .filter((p) => p.label === entry.id)
              .map((p) => p.text);
            io.out(promotionYaml(miss, entry, phrasings).trimEnd());
          } catch (error) {
            if (error instanceof PromoteError) {
              io.err(error.message);
              return 1;
            }
            throw error;
          } finally {
            await store.close();
          }
          return 0;
        }
        default:
          throw new CliUsageError(`Unknown subcommand "misses ${sub}".`);
      }
    });
}

export const run = createMissesCommand({ now: () => new Date() });

export function renderGroups(groups: readonly MissGroup[], total: number, retentionDays: number): string {
  if (groups.length === 0) return `No questions kept (each is kept ${retentionDays} days).`;
  const lines = [
    `${total} ${total === 1 ? 'question' : 'questions'} in ${groups.length} ${groups.length === 1 ? 'group' : 'groups'} ` +
      `(each kept ${retentionDays} days). Promote one with: misses promote ID --to FAQ_ID`,
  ];
  for (const g of groups) {
    const why = [
      ...(g.unanswered > 0 ? [`${g.unanswered} unanswered`] : []),
      ...Object.entries(g.unhelpful).map(([id, n]) => `${n} 👎 on ${id}`),
    ].join(', ');
    const days = g.firstDay === g.lastDay ? g.firstDay : `${g.firstDay} to ${g.lastDay}`;
    lines.push('', `×${g.count}  ${why}  (${days})`);
    lines.push(
      g.nearest
        ? `  nearest: ${g.nearest.id} (${g.nearest.score.toFixed(2)}) ${g.nearest.question}`
        : '  nearest: none',
    );
    for (const t of g.texts) lines.push(`  #${t.id}  ×${t.count}  ${t.text}`);
  }
  return lines.join('\n');
}
