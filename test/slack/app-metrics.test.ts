// GET /metrics end to end, over both transports: the app as `npm start` builds it, a signed DM, a slash
// command and a Slack call that fails, then one scrape as Prometheus makes it. The counts move by what was
// done, and nothing in the scrape names a person, a channel, a department or what anyone typed.
import { describe, expect, it } from 'vitest';
import { METRICS_PREFIX } from '../../src/metrics.js';
import { sampleValue, scrape } from '../support/metrics-text.js';
import { TRANSPORTS } from '../support/slack-transport.js';
import { PEOPLE, useHarness } from './app-harness.js';

const m = (name: string) => `${METRICS_PREFIX}${name}`;

const DM_QUESTION = 'how do I get to the training modules?';
const FAILED_QUESTION = 'have I finished the training yet?';
const COMMAND_QUESTION = 'can I do the training during working hours?';

describe.each(TRANSPORTS)('GET /metrics over %s', (kind) => {
  const h = useHarness({ transport: kind });

  it('is served next to /healthz in the Prometheus text format', async () => {
    const health = await fetch(`http://127.0.0.1:${h.port}/healthz`);
    expect(health.status).toBe(200);
    const { status, contentType, body } = await scrape(h.port);
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain(`# TYPE ${m('answers_total')} counter`);
    expect(body).toContain(`# TYPE ${m('ack_duration_seconds')} histogram`);
    expect(body).toContain('# TYPE process_cpu_seconds_total counter');
    // How this app had its answer model: one series, labelled by how (here the tests' cache, or this process's
    // memory when an earlier app in it had read it).
    expect(body).toMatch(
      new RegExp(
        `^${m('answer_model_load_seconds')}\\{source="(cache-file|memory|trained)"\\} [0-9.e-]+$`,
        'm',
      ),
    );
    // The demo roster and completions the harness imported, read from the database at scrape time: all 18
    // rows of examples/completions.csv are completions of their own (Ada's two of Course C included).
    expect(sampleValue(body, m('roster_people'), { state: 'active' })).toBe(await h.store.countPeople());
    expect(sampleValue(body, m('last_completions_import_rows'), { result: 'recorded' })).toBe(18);
    const imported = sampleValue(body, m('last_import_timestamp_seconds'), { kind: 'roster' });
    expect(Math.abs(imported - Date.now() / 1000)).toBeLessThan(600);
  });

  it('counts answers by kind, times acks and answers, counts a failed Slack call by method and code', async () => {
    const before = (await scrape(h.port)).body;

    const dm = await h.client.sendDirectMessage(PEOPLE.bram.id, DM_QUESTION);
    expect(dm.status).toBe(200);
    await h.standIn.waitForCall('chat.postMessage');
    await h.idle();

    const responseUrl = h.standIn.responseUrl();
    await h.client.sendCommand({ userId: PEOPLE.ada.id, text: `ask ${COMMAND_QUESTION}`, responseUrl });
    await h.standIn.waitFor(() => h.standIn.responsesTo(responseUrl).length > 0 || undefined);
    await h.idle();

    h.standIn.failNext('chat.postMessage', 'channel_not_found');
    await h.client.sendDirectMessage(PEOPLE.cleo.id, FAILED_QUESTION);
    await h.standIn.waitFor(
      (calls) => calls.some((c) => c.method === 'chat.postMessage' && !c.ok) || undefined,
    );
    await h.idle();
    expect(h.logs.some((l) => l.includes('Slack call failed') && l.includes('channel_not_found'))).toBe(true);

    const error = { method: 'chat.postMessage', code: 'channel_not_found' };
    let after = (await scrape(h.port)).body;
    // The failure is read from a copy of Slack's answer, just after the client got it.
    for (let i = 0; i < 50 && sampleValue(after, m('slack_api_errors_total'), error) === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = (await scrape(h.port)).body;
    }
    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(after, m(name), labels) - sampleValue(before, m(name), labels);

    expect(delta('answers_total', { kind: 'faq', origin: 'dm' })).toBe(1);
    expect(delta('answers_total', { kind: 'personal', origin: 'dm' })).toBe(1);
    expect(delta('answers_total', { kind: 'faq', origin: 'command' })).toBe(1);
    expect(delta('answers_total', { kind: 'unknown', origin: 'dm' })).toBe(0);
    // All three sure of themselves: the answer band, none "did you mean" or out of scope.
    expect(delta('answer_bands_total', { band: 'answer', origin: 'dm' })).toBe(2);
    expect(delta('answer_bands_total', { band: 'answer', origin: 'command' })).toBe(1);
    expect(delta('answer_bands_total', { band: 'did-you-mean', origin: 'dm' })).toBe(0);
    expect(delta('answer_bands_total', { band: 'out-of-scope', origin: 'dm' })).toBe(0);
    expect(delta('ack_duration_seconds_count', { kind: 'event' })).toBe(2);
    expect(delta('ack_duration_seconds_count', { kind: 'command' })).toBe(1);
    // Acks well inside Slack's three seconds: every one in the 3 s bucket.
    expect(sampleValue(after, m('ack_duration_seconds_bucket'), { kind: 'event', le: '3' })).toBe(
      sampleValue(after, m('ack_duration_seconds_count'), { kind: 'event' }),
    );
    expect(delta('answer_duration_seconds_count', { origin: 'dm' })).toBe(2);
    expect(delta('answer_duration_seconds_count', { origin: 'command' })).toBe(1);
    expect(delta('answer_duration_seconds_sum', { origin: 'dm' })).toBeGreaterThan(0);
    expect(delta('slack_api_errors_total', error)).toBe(1);

    // No label value, nor anything else in the scrape, from a person or the roster.
    const secrets = [
      DM_QUESTION,
      FAILED_QUESTION,
      COMMAND_QUESTION,
      'training modules',
      'working hours',
      ...Object.values(PEOPLE).flatMap((p) => [p.id, ...(p.email ? [p.email, p.email.toLowerCase()] : [])]),
      ...[PEOPLE.ada, PEOPLE.bram, PEOPLE.cleo].map((p) => h.standIn.dmChannelFor(p.id)),
      ...(await h.store.listPeople({ active: 'any' })).map((p) => p.profile.email),
      ...(await h.store.departments()),
    ];
    for (const secret of secrets) expect(after, secret).not.toContain(secret);
    // Every label value of the app's own metrics is from a small fixed set.
    for (const line of after.split('\n').filter((l) => l.startsWith(METRICS_PREFIX)))
      for (const [, value] of line.matchAll(/="([^"]*)"/g)) expect(value, line).toMatch(/^[a-zA-Z0-9_.+-]+$/);
  });
});

describe('METRICS=off', () => {
  const h = useHarness({ metrics: 'off' });

  it('serves no /metrics; /healthz as before', async () => {
    expect((await scrape(h.port)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
  });
});
