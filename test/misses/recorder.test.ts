// The bot's seams: counts by kind, unanswered and 👎 questions kept redacted, never a sensitive message.
import { describe, expect, it } from 'vitest';
import { createMissRecorder, PENDING_FEEDBACK } from '../../src/misses/index.js';
import { openStore } from '../../src/store/index.js';

function setup(start = '2021-02-10T15:00:00Z') {
  let at = new Date(start);
  const store = openStore({ path: ':memory:' });
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
  it('keeps an unanswered question redacted, with nothing about who asked', () => {
    const { misses, recorder } = setup();
    recorder.missed({ question: 'can <@U0ASKER01> get the certificate sent to kim@example.edu?' });
    expect(misses.listMisses()).toEqual([
      {
        id: 1,
        text: 'can [person] get the certificate sent to [email]?',
        reason: 'unknown',
        faqId: null,
        day: '2021-02-10',
      },
    ]);
  });

  it('keeps nothing when nothing is left after redaction', () => {
    const { misses, recorder } = setup();
    recorder.missed({ question: '   ' });
    recorder.answeredFaq('U0A', 'sabbatical', ' ');
    expect(recorder.unhelpful('U0A', 'sabbatical')).toBe(false);
    expect(misses.listMisses()).toEqual([]);
  });

  it('dates what it keeps and counts by the day in the given time zone', () => {
    // 03:00 UTC on the 11th is still the 10th in Cambridge.
    const { misses, recorder } = setup('2021-02-11T03:00:00Z');
    recorder.missed({ question: 'where do I park' });
    recorder.answered({ kind: 'faq', band: 'answer' });
    recorder.answered({ kind: 'faq', band: 'answer' });
    recorder.answered({ kind: 'sensitive', band: 'answer' });
    expect(misses.listMisses().map((m) => m.day)).toEqual(['2021-02-10']);
    expect(misses.answerCounts()).toEqual([
      { day: '2021-02-10', kind: 'faq', count: 2 },
      { day: '2021-02-10', kind: 'sensitive', count: 1 },
    ]);
  });

  it('never keeps a message that reads as sensitive, even when told to', () => {
    const { misses, recorder } = setup();
    recorder.missed({ question: 'my manager groped me at the party' });
    expect(misses.listMisses()).toEqual([]);
  });

  it('counts every answer by kind, nothing more', () => {
    const { misses, recorder } = setup();
    recorder.answered({ kind: 'sensitive', band: 'answer' });
    recorder.answered({ kind: 'faq', band: 'answer' });
    recorder.answered({ kind: 'sensitive', band: 'answer' });
    expect(misses.answerCounts()).toEqual([
      { day: '2021-02-10', kind: 'faq', count: 1 },
      { day: '2021-02-10', kind: 'sensitive', count: 2 },
    ]);
  });

  it('keeps the question behind a 👎, for that asker and entry only, and only once', () => {
    const { misses, recorder } = setup();
    recorder.answeredFaq('U0A', 'sabbatical', 'what about parental leave, call 617-555-0123');
    expect(recorder.unhelpful('U0B', 'sabbatical')).toBe(false);
    expect(recorder.unhelpful('U0A', 'working-hours')).toBe(false);
    expect(recorder.unhelpful('U0A', 'sabbatical')).toBe(true);
    expect(recorder.unhelpful('U0A', 'sabbatical')).toBe(false);
    expect(misses.listMisses()).toMatchObject([
      { text: 'what about parental leave, call [phone]', reason: 'unhelpful', faqId: 'sabbatical' },
    ]);
  });

  it('forgets a waiting question after a day', () => {
    const { misses, recorder, advance } = setup();
    recorder.answeredFaq('U0A', 'sabbatical', 'what about parental leave');
    advance(PENDING_FEEDBACK.ttlMs + 1);
    expect(recorder.unhelpful('U0A', 'sabbatical')).toBe(false);
    expect(misses.listMisses()).toEqual([]);
  });

  it('flags a first contact per Slack user, never for the console', () => {
    const { recorder } = setup();
    expect(recorder.isFirstContact({ slackUserId: 'U0A' })).toBe(true);
    expect(recorder.isFirstContact({ slackUserId: 'U0A' })).toBe(false);
    expect(recorder.isFirstContact({ slackUserId: null })).toBe(false);
  });

  it('reports a failing store without the question and without throwing', () => {
    const { store, recorder, errors } = setup();
    store.close();
    expect(() => recorder.missed({ question: 'where is the wifi password' })).not.toThrow();
    expect(() => recorder.answered({ kind: 'faq', band: 'answer' })).not.toThrow();
    expect(errors).toEqual(['keep an unanswered question', 'count an answer']);
  });
});
