// The bot's seams: counts by kind, unanswered and 👎 questions kept redacted, never a sensitive message.
import { describe, expect, it } from 'vitest';
import { createMissRecorder, PENDING_FEEDBACK } from '../../src/misses/index.js';
import { openStore } from '../../src/store/index.js';

async function setup(start = '2021-02-10T15:00:00Z') {
  let at = new Date(start);
  const store = await openStore({ path: ':memory:' });
  const { misses } = store;
  const errors: string[] = [];
  const recorder = createMissRecorder({
    misses,
    now: () => at,
    timeZone: 'America/New_York',
    onError: (what) => errors.push(what),
  });
  return { store, misses, recorder, errors, advance: (ms: number) => (at = new Date(at.getTime() + ms)) };
}

describe('createMissRecorder', () => {
  it('keeps an unanswered question redacted, with nothing about who asked', async () => {
    const { misses, recorder } = await setup();
    recorder.missed({ question: 'can <@U0ASKER01> get the certificate sent to kim@example.edu?' });
    await recorder.settled();
    expect(await misses.listMisses()).toEqual([
      {
        id: 1,
        text: 'can [person] get the certificate sent to [email]?',
        reason: 'unknown',
        faqId: null,
        day: '2021-02-10',
      },
    ]);
  });

  it('keeps nothing when nothing is left after redaction', async () => {
    const { misses, recorder } = await setup();
    recorder.missed({ question: '   ' });
    recorder.answeredFaq('U0A', 'sabbatical', ' ');
    await recorder.settled();
    expect(await recorder.unhelpful('U0A', 'sabbatical')).toBe(false);
    expect(await misses.listMisses()).toEqual([]);
  });

  it('dates what it keeps and counts by the day in the given time zone', async () => {
    // 03:00 UTC on the 11th is still the 10th in Cambridge.
    const { misses, recorder } = await setup('2021-02-11T03:00:00Z');
    recorder.missed({ question: 'where do I park' });
    recorder.answered({ kind: 'faq', band: 'answer' });
    recorder.answered({ kind: 'faq', band: 'answer' });
    recorder.answered({ kind: 'sensitive', band: 'answer' });
    await recorder.settled();
    expect((await misses.listMisses()).map((m) => m.day)).toEqual(['2021-02-10']);
    expect(await misses.answerCounts()).toEqual([
      { day: '2021-02-10', kind: 'faq', count: 2 },
      { day: '2021-02-10', kind: 'sensitive', count: 1 },
    ]);
  });

  it('counts answers given together in one write, and asks the database about a first contact once', async () => {
    const { store, misses, recorder, errors } = await setup();
    for (let i = 0; i < 30; i++)
      recorder.answered({ kind: i % 3 === 0 ? 'sensitive' : 'faq', band: 'answer' });
    const firsts = await Promise.all(
      ['U0A', 'U0B', 'U0A'].map((slackUserId) => recorder.isFirstContact({ slackUserId })),
    );
    await recorder.settled();
    expect(await misses.answerCounts()).toEqual([
      { day: '2021-02-10', kind: 'faq', count: 20 },
      { day: '2021-02-10', kind: 'sensitive', count: 10 },
    ]);
    expect(firsts).toEqual([true, true, false]);
    // Remembered: the flag is not asked again (a closed store would be reported as an error).
    await store.close();
    expect(await recorder.isFirstContact({ slackUserId: 'U0B' })).toBe(false);
    expect(errors).toEqual([]);
  });

  it('never keeps a message that reads as sensitive, even when told to', async () => {
    const { misses, recorder } = await setup();
    recorder.missed({ question: 'my manager groped me at the party' });
    await recorder.settled();
    expect(await misses.listMisses()).toEqual([]);
  });

  it('of a message with several questions, keeps only the part not answered, and nothing if the whole reads as sensitive', async () => {
    const { misses, recorder } = await setup();
    recorder.missed({
      question: 'how do I reset my kerberos password, and where do I go to take the training',
      part: 'how do i reset my kerberos password',
    });
    // The part alone is harmless; the message it came from is not: nothing is kept.
    recorder.missed({
      question: 'my manager groped me at the party. also where do I park',
      part: 'also where do i park',
    });
    await recorder.settled();
    expect((await misses.listMisses()).map((m) => m.text)).toEqual(['how do i reset my kerberos password']);
  });

  it('counts every answer by kind, nothing more', async () => {
    const { misses, recorder } = await setup();
    recorder.answered({ kind: 'sensitive', band: 'answer' });
    recorder.answered({ kind: 'faq', band: 'answer' });
    recorder.answered({ kind: 'sensitive', band: 'answer' });
    await recorder.settled();
    expect(await misses.answerCounts()).toEqual([
      { day: '2021-02-10', kind: 'faq', count: 1 },
      { day: '2021-02-10', kind: 'sensitive', count: 2 },
    ]);
  });

  it('keeps the question behind a 👎, for that asker and entry only, and only once', async () => {
    const { misses, recorder } = await setup();
    recorder.answeredFaq('U0A', 'sabbatical', 'what about parental leave, call 617-555-0123');
    await recorder.settled();
    expect(await recorder.unhelpful('U0B', 'sabbatical')).toBe(false);
    expect(await recorder.unhelpful('U0A', 'working-hours')).toBe(false);
    expect(await recorder.unhelpful('U0A', 'sabbatical')).toBe(true);
    expect(await recorder.unhelpful('U0A', 'sabbatical')).toBe(false);
    expect(await misses.listMisses()).toMatchObject([
      { text: 'what about parental leave, call [phone]', reason: 'unhelpful', faqId: 'sabbatical' },
    ]);
  });

  it('forgets a waiting question after a day', async () => {
    const { misses, recorder, advance } = await setup();
    recorder.answeredFaq('U0A', 'sabbatical', 'what about parental leave');
    await recorder.settled();
    advance(PENDING_FEEDBACK.ttlMs + 1);
    expect(await recorder.unhelpful('U0A', 'sabbatical')).toBe(false);
    expect(await misses.listMisses()).toEqual([]);
  });

  it('flags a first contact per Slack user, never for the console', async () => {
    const { recorder } = await setup();
    expect(await recorder.isFirstContact({ slackUserId: 'U0A' })).toBe(true);
    expect(await recorder.isFirstContact({ slackUserId: 'U0A' })).toBe(false);
    expect(await recorder.isFirstContact({ slackUserId: null })).toBe(false);
  });

  it('reports a failing store without the question and without throwing', async () => {
    const { store, recorder, errors } = await setup();
    await store.close();
    expect(() => recorder.missed({ question: 'where is the wifi password' })).not.toThrow();
    expect(() => recorder.answered({ kind: 'faq', band: 'answer' })).not.toThrow();
    await recorder.settled();
    expect([...errors].sort()).toEqual(['count an answer', 'keep an unanswered question']);
  });
});
