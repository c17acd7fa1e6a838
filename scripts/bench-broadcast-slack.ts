// The other side of `npm run bench:broadcast`, in a process of its own as Slack is: fills the bench's database
// with the roster (as an operator's import would, before the campaign) and serves the rate-limited Web API
// stand-in. Told `count` by the bench, it answers how many messages each recipient got and how many 429s.
// Apart, the sender's peak memory is its own, and the stand-in's HTTP work does not share its event loop.
import { loadContent } from '../src/content/load.js';
import { openStore, parseRoster, ROSTER_COLUMNS } from '../src/store/index.js';
import { startSlackStandIn } from '../test/support/slack-stand-in.js';

export interface BenchSetup {
  people: number;
  dbPath: string;
  limit: { calls: number; windowMs: number };
}
export type FromSlack =
  | { kind: 'ready'; url: string }
  | { kind: 'counts'; duplicates: number; lost: number; limited: number };

export const benchUserId = (i: number) => `UB${String(i).padStart(6, '0')}`;
const email = (i: number) => `bench${String(i).padStart(6, '0')}@example.edu`;

const send = (message: FromSlack) => process.send?.(message);

process.once('message', async (setup: BenchSetup) => {
  const content = loadContent('content');
  // Everyone required, overdue on the day, in the All Schools group; half have a Slack id on the roster, the
  // other half are found by email through users.list.
  const rows = Array.from({ length: setup.people }, (_, i) => {
    const row: Record<string, string> = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, '']));
    Object.assign(row, {
      email: email(i),
      name: `Bench Person ${i}`,
      role: 'faculty',
      paid: 'yes',
      start_date: '2010-01-01',
      area: 'school',
      department: `Department ${i % 60}`,
      supervisor: 'no',
      slack_user_id: i % 2 === 0 ? benchUserId(i) : '',
    });
    return ROSTER_COLUMNS.map((c) => row[c]).join(',');
  });
  const { records, issues } = parseRoster(
    `${ROSTER_COLUMNS.join(',')}\n${rows.join('\n')}\n`,
    'bench.csv',
    content,
  );
  if (issues.length > 0) throw new Error(`the bench roster does not parse: ${issues.length} issue(s)`);
  const store = await openStore({ path: setup.dbPath, schedule: content.schedule });
  await store.importRoster(records, { file: 'bench.csv' });
  await store.grant({ email: 'bench.admin@example.edu', role: 'admin' });
  await store.close();

  const standIn = await startSlackStandIn({
    token: 'xoxb-bench',
    users: Array.from({ length: setup.people }, (_, i) => ({ id: benchUserId(i), email: email(i) })),
    rateLimit: { ...setup.limit, methods: ['chat.postMessage'] },
  });
  send({ kind: 'ready', url: standIn.url });
  process.once('message', async () => {
    const perRecipient = new Map<string, number>();
    let limited = 0;
    for (const call of standIn.callsTo('chat.postMessage')) {
      if (call.status === 429) limited += 1;
      if (!call.ok) continue;
      const channel = String(call.args['channel']);
      perRecipient.set(channel, (perRecipient.get(channel) ?? 0) + 1);
    }
    const duplicates = [...perRecipient.values()].reduce((n, c) => n + (c > 1 ? c - 1 : 0), 0);
    let lost = 0;
    for (let i = 0; i < setup.people; i++) if (!perRecipient.has(benchUserId(i))) lost += 1;
    send({ kind: 'counts', duplicates, lost, limited });
    await standIn.close();
    process.disconnect();
  });
});
