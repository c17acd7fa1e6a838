// Routing and ranking, on a small dev set written for these tests (not the eval set, not the alternates).
import { describe, expect, it } from 'vitest';
import { FAQ_WRITER, trainingExamples } from '../../src/answer/corpus.js';
import { writerGroups, writersOf } from '../../src/answer/cross-validate.js';
import { type AnswerKind, createAnswerEngine, cutoffsOf, ENGINE_OPTIONS } from '../../src/answer/index.js';
import { clauses, splitQuestions, twoParts } from '../../src/answer/messages.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { offeredEntries } from '../../src/answer/predict.js';
import { createReplies } from '../../src/answer/replies.js';
import { loadContent } from '../../src/content/load.js';
import { ANSWER_TEXT as MESSAGES } from '../../src/text/messages.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const CUTOFFS = cutoffsOf(content);
const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });

describe('intent routing', () => {
  it.each<[string, AnswerKind, string | null]>([
    // The sabbatical line: a situation the FAQ covers is the FAQ, even phrased about oneself.
    ["do i have to do this if i'm on sabbatical", 'faq', 'sabbatical-leave'],
    ['Do I need to take it while on junior faculty leave?', 'faq', 'sabbatical-leave'],
    ['do i need to take it if i graduate in may', 'faq', 'graduating'],
    ['am i required to take it if my appointment is unpaid', 'faq', 'unpaid-appointment'],
    // About oneself, with no situation: the rules answer, given a profile.
    ['do I need to take it?', 'personal', null],
    ["what's my deadline", 'personal', null],
    ['have I completed it?', 'personal', null],
    ['which group am I in', 'personal', null],
    ['have I been marked exempt?', 'personal', null],
    // Greetings and help.
    ['hi', 'greeting', null],
    ['Hello there!', 'greeting', null],
    ['thanks!', 'greeting', null],
    ['what can you do?', 'greeting', null],
    ['help', 'greeting', null],
    // A greeting in front of a question does not hide the question.
    ['hi! how do i get into the course', 'faq', 'access-training'],
  ])('%j → %s %s', (question, kind, faq) => {
    const answer = engine.answer(question);
    expect(answer.kind).toBe(kind);
    expect(answer.faq?.id ?? null).toBe(faq);
  });

  it('answers thanks and goodbyes with a short "glad to help", and a hello with what it can do', () => {
    for (const closing of ['thanks!', 'thank you so much, that helps', 'ok bye', 'thx']) {
      const answer = engine.answer(closing);
      expect(answer.kind, closing).toBe('greeting');
      expect(answer.text, closing).toBe(MESSAGES.closing);
      expect(answer.suggestions, closing).toEqual([]);
    }
    for (const hello of ['hi', 'Hello there!', 'what can you do?']) {
      const answer = engine.answer(hello);
      expect(answer.text, hello).toBe(MESSAGES.greeting);
      expect(answer.suggestions.length, hello).toBeGreaterThan(0);
    }
  });

  it.each([
    // first person
    'my boss touched me at the holiday party',
    'I think I am being stalked by someone in my department',
    'I was sexually assaulted last year',
    'a coworker keeps sending me explicit pictures',
    'my advisor said he would sign my thesis if I slept with him',
    'he wont leave me alone',
    'I feel unsafe at work',
    'my pi makes comments about my body',
    'im being harrased',
    // about someone else
    'a student told me she was raped at a party',
    'my colleague is being harassed by our manager',
    // (Missed between two steps of round 14: w-nearmiss5's shuttle questions made "shuttle" an out-of-scope
    // word; recognised again once w-circumstances1-4 told disclosures with their places, the shuttle among them.)
    'one of my students was groped on the shuttle',
    // indirect or distressed
    'something happened to me at the conference and I do not know what to do',
    'I can not stop crying since what he did',
    'I am scared of my supervisor',
    'people in my lab make racist jokes about me',
  ])('sensitive: %j', (question) => {
    const answer = engine.answer(question);
    expect(answer.kind).toBe('sensitive');
    expect(answer.text).toContain(content.resources.notReportingChannel);
    expect(answer.resources?.map((r) => r.id)).toEqual(['idhr', 'idhr-notify-form', 'deputy-title-ix']);
    expect(answer.text).not.toMatch(/\?/);
  });

  it.each([
    'what is a responsible employee',
    'who has to report sexual harassment',
    'is the sexual harassment training mandatory',
    'what should I do with a harassment concern an employee raised with me',
  ])('a question about the topic is not a disclosure: %j', (question) => {
    expect(engine.answer(question).kind).toBe('faq');
  });

  it('a reported disclosure points to what the FAQ says about who must inform IDHR', () => {
    const answer = engine.answer('my colleague confided that her supervisor harassed her');
    expect(answer.kind).toBe('sensitive');
    expect(answer.suggestions.map((s) => s.id)).toEqual(['specific-situation', 'reporting-obligations']);
  });
});

describe('search ranking', () => {
  it.each([
    ['where is the link to the course', 'access-training'],
    ['my contract is over in a few weeks, still have to do it?', 'appointment-expiring'],
    ['is an extension possible', 'not-enough-time'],
    ['I started as a new hire last month, does my onboarding count', 'recent-onboarding'],
    ['is it ok to complete during work hours', 'working-hours'],
    ['do we redo this annually', 'every-year'],
    ['the module wont load in my browser', 'technical-difficulties'],
    ['im a volunteer without pay, am i required', 'unpaid-appointment'],
    ['can i skip the demographic questions in the survey', 'demographic-privacy'],
    ['the scenarios are triggering, is there another way to finish the requirement', 'upsetting-content'],
    ['how do i notify idhr about a case someone brought to me', 'specific-situation'],
    ['do managers have to tell idhr about discrimination', 'reporting-obligations'],
    ['can I do all five modules', 'more-than-one-course'],
    ['I did the 2018 version, still required?', 'completed-2018'],
    ['whats the schedule for each group', 'rollout-schedule'],
    ['can i look at the modules again after i finish', 'return-to-modules'],
    ['who do i ask about something in the course material', 'content-questions'],
    ['traning deadine for grad students', 'rollout-schedule'],
  ])('%j → %s', (question, id) => {
    const answer = engine.answer(question);
    expect(answer.kind).toBe('faq');
    expect(answer.faq?.id).toBe(id);
    expect(answer.score).toBeGreaterThan(0);
    expect(answer.score).toBeLessThanOrEqual(1);
  });

  it('an FAQ answer lists its related questions, at most three, and never echoes the question', () => {
    const question = 'can I get an extension';
    const answer = engine.answer(question);
    expect(answer.faq?.id).toBe('not-enough-time');
    expect(answer.suggestions.map((s) => s.id)).toEqual(['rollout-schedule', 'working-hours']);
    expect(answer.mrkdwn).not.toContain(question);
    expect(answer.contacts.map((c) => c.id)).toEqual(['time-to-complete']);
  });

  it('under an answer, the entry the question may also have meant comes first among the related questions', () => {
    // Two situations in one question: the model answers the sabbatical and finds the appointment's end
    // plausible (not among the sabbatical entry's related questions in the content). (Until round 15 the example
    // was "I'm on sabbatical and my appointment ends in May, do I still have to do it?", which the round-15 model
    // is unsure of: "did you mean" with both entries; until round 23 "my contract ends soon and I'm away on
    // sabbatical, do I need to do it", where the round-23 model finds the appointment's end just under 5%; in
    // round 23 "my contract ends soon and I'm on sabbatical, do I have to do it", which the round-24 model is
    // unsure of, 0.56 against 0.44; then that earlier example again, 0.77 against 0.23, until round 28's model,
    // which is sure of it, 0.99; then "my contract ends soon and I'm on sabbatical, do I have to do it", 0.73 against
    // 0.27, until round 31's model, unsure of it, 0.68 against 0.32; this one it answers 0.86 against 0.14.)
    const answer = engine.answer('on sabbatical this spring and my appointment ends in june, still need it?');
    expect(answer.faq?.id).toBe('sabbatical-leave');
    expect(answer.alternative).toBe('appointment-expiring');
    expect(answer.suggestions.map((s) => s.id)).toEqual([
      'appointment-expiring',
      'technical-difficulties',
      'training-requirement',
    ]);
    expect(offeredEntries(answer)).toEqual(['appointment-expiring']);
    // A sure answer keeps its content's related questions, none of them counted as offered.
    const sure = engine.answer('can I get an extension');
    expect(sure.alternative).toBeUndefined();
    expect(offeredEntries(sure)).toEqual([]);
  });

  it('a module named by the answer comes with it', () => {
    const answer = engine.answer('which module is good for someone graduating this spring');
    expect(answer.faq?.id).toBe('graduating');
    expect(answer.modules.map((m) => m.id)).toEqual(['C', 'E']);
  });
});

describe('unknown and close calls', () => {
  it.each([
    "what's the wifi password",
    'how do I book a meeting room',
    'when does the cafeteria close',
    'how do i reset my email password',
    'where do I submit my timesheet',
  ])('out of scope: %j', (question) => {
    const answer = engine.answer(question);
    expect(answer.kind).toBe('unknown');
    expect(answer.faq).toBeNull();
    expect(answer.text).toContain(MESSAGES.unknown);
    // Nothing to offer: where every question it can answer is listed (the `questions` subcommand).
    expect(answer.suggestions).toEqual([]);
    expect(answer.text).toContain(MESSAGES.seeQuestions);
    // The general contact from contacts.yml, with its missing address said plainly.
    expect(answer.text).toContain('the training content contact (address not yet published)');
    expect(answer.contacts.map((c) => c.id)).toEqual([content.contacts.general]);
    // The safety net: where to turn if the question hid something that happened.
    expect(answer.text).toContain(content.resources.ifSomethingHappened);
  });

  it('offers the closest questions without presenting a weak match as the answer', () => {
    // Something the source does not say about the course (its length), naming a module.
    const answer = engine.answer('how long is the quiz in module b');
    expect(answer.kind).toBe('unknown');
    expect(answer.suggestions.length).toBeLessThanOrEqual(3);
    if (answer.suggestions.length > 0) expect(answer.text).toContain(MESSAGES.didYouMean);
    // With buttons to press, no pointer to the whole list.
    if (answer.suggestions.length > 0) expect(answer.text).not.toContain(MESSAGES.seeQuestions);
    for (const s of answer.suggestions) expect(answer.text).toContain(s.question);
  });

  it('a certificate, which the source never mentions: pointed to how completion is confirmed, or not covered, and to nothing else', () => {
    // Most writers put certificate downloads out of scope (the page does not say there is one); "will I get
    // one" is how completion is confirmed (an auto-generated confirmation), answered or offered first, or
    // not covered, and never another entry's answer. With 32 writers it was offered; with 38 to 75 answered;
    // with 83 (round 11, more writers who left certificates out of scope) not covered.
    const answer = engine.answer('will I get a certificate');
    if (answer.kind === 'faq') expect(answer.faq?.id).toBe('confirm-completion');
    else {
      expect(answer.kind).toBe('unknown');
      if (answer.band === 'did-you-mean') {
        expect(answer.suggestions[0]?.id).toBe('confirm-completion');
        expect(answer.text).toContain(MESSAGES.didYouMean);
      } else {
        expect(answer.text).toContain(MESSAGES.unknown);
        expect(answer.suggestions).toEqual([]);
      }
    }
    expect(answer.text).not.toMatch(/certificate/i);
  });

  it('says it is not sure when two entries are equally likely, and offers both as "did you mean"', () => {
    // The same made-up phrasing taught under two entries: the model cannot choose, so it must not answer.
    // (Made-up words: "policy" or "blue" would lean to entries whose phrasings use them.)
    const tied = ['demographic-privacy', 'every-year'];
    // The entries' own questions and one writer in eight (a model in seconds, where all of them take a minute
    // beside other tests): a tie is a tie however much else the model has read.
    const everyone = trainingExamples(content);
    const some = new Set(writerGroups(writersOf(everyone))[0]);
    const examples = [
      ...everyone.filter((e) => e.writer === FAQ_WRITER || some.has(e.writer)),
      ...tied.flatMap((label) =>
        ['the quorvex widget', 'quorvex widget?', 'about the quorvex widget'].map((text) => ({
          text,
          label,
          writer: 'test',
        })),
      ),
    ];
    // Trained by gradient steps, the two do not come out 50/50: since round 10 the model's training leaves out
    // half of each phrasing's features at random, and the last steps lean to one of the two (0.72 to
    // demographic-privacy here; 0.85 / 0.09 trained on every writer; 0.92 to every-year with round 33's writers in
    // the first group). Such a clash is an error in the content (`content check` names both lines), so the engine is
    // held here to what it must do when the model is unsure: with the answer cut-off above that lean, not answer,
    // and offer both. "Did you mean" is read at most at 0.1, whatever the calibration of the day.
    const cutoffs = {
      ...CUTOFFS,
      answerAt: Math.max(CUTOFFS.answerAt, 0.97),
      suggestAt: Math.min(CUTOFFS.suggestAt, 0.1),
    };
    const answer = createAnswerEngine({ content, examples, cutoffs }).answer('what is the quorvex widget');
    expect(answer.kind).toBe('unknown');
    expect(answer.band).toBe('did-you-mean');
    expect(answer.text).toContain(MESSAGES.notSure);
    expect(answer.text).toContain(MESSAGES.didYouMean);
    expect(
      answer.suggestions
        .map((s) => s.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(tied);
  });
});

describe('contacts in answers', () => {
  it('fills a contact with no address as "address not yet published"', () => {
    const answer = engine.answer('who do I contact with concerns about the training content');
    expect(answer.faq?.id).toBe('content-questions');
    expect(answer.text).toBe('Please contact the training content contact (address not yet published).');
    expect(answer.text).not.toContain('{{');
  });

  it('uses an address once content provides one', () => {
    const withEmail = {
      ...content,
      contacts: {
        ...content.contacts,
        contacts: content.contacts.contacts.map((c) =>
          c.id === 'training-content' ? { ...c, email: 'training@example.edu' } : c,
        ),
      },
    };
    const answer = createAnswerEngine({ content: withEmail, cacheDir: MODEL_CACHE_DIR }).answer(
      'who do I contact with concerns about the training content',
    );
    expect(answer.text).toBe('Please contact the training content contact (training@example.edu).');
    expect(answer.mrkdwn).toContain('<mailto:training@example.edu|training@example.edu>');
  });
});

describe('a follow-up read with the message before it', () => {
  it.each([
    ['I will be on sabbatical next term', 'does that get me out of it?', 'sabbatical-leave'],
    ['my contract ends in February', 'is it still worth doing?', 'appointment-expiring'],
    ['the course page shows an error', 'who can fix that?', 'technical-difficulties'],
    // ("so do I skip it?" was here: since round 12's writers the model reads it alone, confidently, as the asker's
    // own status, which their record answers: a confident reading is not reread.)
    ['I am finishing my PhD in May', 'so can I skip it?', 'graduating'],
  ])('after "%s", "%s" is answered with %s, and says so', (previous, asked, faqId) => {
    // Alone, the follow-up names nothing the FAQ answers: not an answer.
    expect(engine.answer(asked).kind).toBe('unknown');
    const answer = engine.answer(asked, { previous });
    expect(answer.kind).toBe('faq');
    expect(answer.faq?.id).toBe(faqId);
    expect(answer.readWithPrevious).toBe(true);
  });

  it.each([
    ['thanks!', 'greeting'],
    ['where can I park on campus?', 'unknown'],
    ['am I on the list?', 'personal'],
    ['my manager keeps touching me', 'sensitive'],
  ])('keeps what a message the model is sure of alone means: "%s" stays %s', (asked, kind) => {
    const answer = engine.answer(asked, { previous: 'how do I get to the course?' });
    expect(answer.kind).toBe(kind);
    expect(answer.faq?.id ?? null).not.toBe('access-training');
    expect(answer.readWithPrevious).toBeUndefined();
  });

  it("puts a new question's own likeliest entry first under an answer read with an unrelated message before it", () => {
    // "Can I do more than one course?" in German, after a question about 2018: read together, the 2018 entry
    // (which the message alone gives almost nothing); its own entry is one click away. (Until round 26 the example
    // was Italian, "posso fare piu di un corso?", which that round's model reads alone as a greeting, 0.23: a
    // greeting's reply is not reread with the message before. Reading a greeting under the answer cut-off again
    // was measured over the eight groups and left out: thanks after an answer got that answer again, 98.7 ->
    // 96.5% of them, for one more follow-up in a thousand; README, "Answers". Round 32's model reads the German,
    // "mehr als einen kurs machen ok?", alone as a greeting too, 0.20: the example is Dutch since.)
    const previous = 'did the 2018 one, do I have to do it again?';
    const asked = 'mag ik meer dan een cursus doen?';
    expect(engine.predict(asked).find((s) => s.label === 'completed-2018')?.p ?? 0).toBeLessThan(0.05);
    const answer = engine.answer(asked, { previous });
    expect({ kind: answer.kind, faq: answer.faq?.id, readWithPrevious: answer.readWithPrevious }).toEqual({
      kind: 'faq',
      faq: 'completed-2018',
      readWithPrevious: true,
    });
    expect(answer.suggestions[0]?.id).toBe('more-than-one-course');
  });

  it('reads a message asked again, or after a greeting, alone: the same words twice are no surer than once', () => {
    // Read with "hi there" before it, the round-23 model would answer it (confirm-completion, 0.91; alone it is
    // "did you mean", 0.54). (Until round 15 the example was "do I need to do all of them", until round 23 "will I
    // get a certificate": each of those models answers its example alone.)
    const question = 'is there a certificate';
    const once = engine.answer(question);
    expect(once.kind).not.toBe('faq');
    for (const previous of [question, 'hi there', 'thanks']) {
      const again = engine.answer(question, { previous });
      expect(again.readWithPrevious, previous).toBeUndefined();
      expect({ kind: again.kind, band: again.band }).toEqual({ kind: once.kind, band: once.band });
    }
  });

  it('reads a message the model takes for a follow-up with the one before, however sure it is of it alone', () => {
    // Alone, "does she need to take it?" is the asker's own status, confidently; after a message about a visiting
    // professor paid by her home university, it asks about her (round 23's exchanges taught the model both).
    const previous = 'my visiting professor has no salary from us, paid by her home university';
    const asked = 'does she need to take it?';
    const alone = engine.answer(asked);
    expect({ kind: alone.kind, band: alone.band }).toEqual({ kind: 'personal', band: 'answer' });
    const answer = engine.answer(asked, { previous });
    expect({ kind: answer.kind, faq: answer.faq?.id, readWithPrevious: answer.readWithPrevious }).toEqual({
      kind: 'faq',
      faq: 'unpaid-appointment',
      readWithPrevious: true,
    });
    const without = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      options: { ...ENGINE_OPTIONS, rereadFollowUps: false },
    });
    expect(without.answer(asked, { previous }).kind).toBe('personal');
  });

  it('reads a follow-up that alone reads as a disclosure with the one before: the answer, and the support line', () => {
    // "him too?" alone gets the careful reply (its words are a disclosure's more than any entry's); after a message
    // about a colleague on sabbatical it asks whether he must take the training (round 24's exchanges).
    const previous = 'my colleague is on sabbatical all of next term';
    const asked = 'him too?';
    expect(engine.answer(asked).kind).toBe('sensitive');
    const answer = engine.answer(asked, { previous });
    expect({
      kind: answer.kind,
      faq: answer.faq?.id,
      supportLine: answer.supportLine,
      readWithPrevious: answer.readWithPrevious,
    }).toEqual({ kind: 'faq', faq: 'sabbatical-leave', supportLine: true, readWithPrevious: true });
    const without = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      options: { ...ENGINE_OPTIONS, rereadSensitiveFollowUps: false },
    });
    expect(without.answer(asked, { previous }).kind).toBe('sensitive');
    // A disclosure after a question is not a follow-up of it: the careful reply, as alone.
    for (const disclosure of [
      'my supervisor keeps touching me and I do not know what to do',
      'someone in my lab has been sending me messages about my body',
    ])
      expect(engine.answer(disclosure, { previous }).kind, disclosure).toBe('sensitive');
  });

  it('offers what a follow-up may mean after the message before when that reading is unsure, not its own reading', () => {
    // About a student worker who started in January, "what about her?" may be the onboarding entry (a new
    // employee's training) or the requirement, and the model is not sure enough to answer: "did you mean", with
    // the entries read together first, never the asker's own status (nor a greeting, which it reads alone). Until
    // round 26 the example was "does she need to take it?" after "one of my TAs is in her second year", which that
    // round's model answers read together, 0.79; then "what about her?" after it, which round 28's model answers,
    // the requirement at 0.79. Until round 32 the follow-up was "what about her?", which round 33's model (six more
    // writers of messages that tell and ask, many about a "her") offers as the situation brought to the asker first.
    const answer = engine.answer('what about them?', {
      previous: 'my student worker started in january',
    });
    expect({ kind: answer.kind, band: answer.band, readWithPrevious: answer.readWithPrevious }).toEqual({
      kind: 'unknown',
      band: 'did-you-mean',
      readWithPrevious: true,
    });
    expect(offeredEntries(answer)[0]).toBe('recent-onboarding');
  });

  it('offers what a follow-up read as a disclosure alone may mean, with the support line, when together it tells nothing', () => {
    // "same for her?" alone reads as a disclosure (a "her", and almost nothing else); after a question about a
    // student worker, the two together read as an unsure question about the training and no disclosure. Until round
    // 33 the careful reply (the exchanges' most common false alarm leave-one-writer-out: "and him?", "her too?").
    const previous = 'my student worker started in january';
    const asked = 'same for her?';
    expect(engine.answer(asked).kind).toBe('sensitive');
    const answer = engine.answer(asked, { previous });
    expect({
      kind: answer.kind,
      band: answer.band,
      supportLine: answer.supportLine,
      readWithPrevious: answer.readWithPrevious,
    }).toEqual({ kind: 'unknown', band: 'did-you-mean', supportLine: true, readWithPrevious: true });
    expect(offeredEntries(answer)[0]).toBe('recent-onboarding');
    // Once: "did you mean" ends with it already.
    expect(answer.text.split(content.resources.ifSomethingHappened)).toHaveLength(2);
  });

  it('reads the message alone when the option is off (the ablation)', () => {
    const alone = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      options: { ...ENGINE_OPTIONS, readWithPrevious: false },
    });
    const answer = alone.answer('does that get me out of it?', {
      previous: 'I will be on sabbatical next term',
    });
    expect(answer.kind).toBe('unknown');
  });
});

describe('several questions in one message', () => {
  it.each([
    [
      'can I do it during work hours? and will I be able to revisit the modules later?',
      ['working-hours', 'return-to-modules'],
    ],
    // A second question after "and"/"also" with no question mark, or with a question word after the joining word.
    // (Until round 26: "... and who do i email if the page breaks", whose second half that round's model reads
    // 0.63 alone, under the answer cut-off: the message is answered as one.)
    [
      'how do i know i finished? and who do i contact if the training site is broken',
      ['confirm-completion', 'technical-difficulties'],
    ],
    [
      'did the 2018 one, do I need this? also is it going to be every year now',
      ['completed-2018', 'every-year'],
    ],
    [
      'where can I find more resources, and how do I know if I am a responsible employee',
      ['more-resources', 'responsible-employee'],
    ],
  ])('%j is answered question by question, in order', (message, ids) => {
    const answer = engine.answer(message);
    expect((answer.answers ?? []).map((a) => a.faq?.id)).toEqual(ids);
  });

  // Round 21 (test/eval/several.yml, a development set by two more writers): context before the questions, a
  // list, a comma before a question word. These examples are the tests' own, not the set's.
  it.each([
    [
      "I'm a lecturer and my contract ends in March. Do I still have to do it, and can I do it on work time?",
      ['appointment-expiring', 'working-hours'],
    ],
    [
      'two things:\n1. is this going to be every year\n2. can I take more than one of the courses',
      ['every-year', 'more-than-one-course'],
    ],
    [
      'can I do it during working hours, who do I contact if the video will not load',
      ['working-hours', 'technical-difficulties'],
    ],
  ])('%j: the context is read with its question, each question answered in order', (message, ids) => {
    const answer = engine.answer(message);
    expect((answer.answers ?? []).map((a) => a.faq?.id)).toEqual(ids);
  });

  it('answers the part the FAQ answers and says the other part is out of scope, in the order asked', () => {
    const answer = engine.answer(
      'how do I reset my kerberos password, and where do I go to take the training',
    );
    expect((answer.answers ?? []).map((a) => [a.kind, a.faq?.id ?? null])).toEqual([
      ['unknown', null],
      ['faq', 'access-training'],
    ]);
    // What the message is counted as (and what the evaluation scores) is the part answered.
    expect({ kind: answer.kind, faq: answer.faq?.id }).toEqual({ kind: 'faq', faq: 'access-training' });
    // The "I don't know" says which question it is about; alone, a message gets the plain wording.
    const [unknown] = answer.answers ?? [];
    expect(unknown?.text.split('\n')[0]).toBe(
      `I don't know the answer to "how do i reset my kerberos password", and I'd rather not guess.`,
    );
    expect(engine.answer('how do I reset my kerberos password').text.split('\n')[0]).toBe(
      "I don't know the answer to that one, and I'd rather not guess.",
    );
  });

  it('escapes the question it names in an "I don\'t know" for Slack, and keeps it as typed in plain text', () => {
    const replies = createReplies(content, () => new Date('2021-01-15T12:00:00Z'));
    const answer = replies.unknown([], 0.99, false, 'is <!channel> & co on the wifi');
    expect(answer.text.split('\n')[0]).toContain('"is <!channel> & co on the wifi"');
    expect(answer.mrkdwn.split('\n')[0]).toContain('"is &lt;!channel&gt; &amp; co on the wifi"');
  });

  it('answers at most three questions of a message, and counts the ones left', () => {
    const answer = engine.answer(
      '1. can I do it during working hours\n2. will it be every year\n3. can I take more than one of the courses\n4. how do I know I completed it',
    );
    expect((answer.answers ?? []).map((a) => a.faq?.id)).toEqual([
      'working-hours',
      'every-year',
      'more-than-one-course',
    ]);
    expect(answer.questionsLeft).toBe(1);
    expect(
      engine.answer('can I do it during working hours? and will it be every year?').questionsLeft,
    ).toBeUndefined();
  });

  it('does not answer a fragment that only reads as an entry cut from its message', () => {
    // "how do i reach it" alone reads as the access entry (0.89); in the whole message, about an ombuds office,
    // the entry has 2%: out of scope, not the way into the training.
    const answer = engine.answer('is there an ombuds office here, and how do i reach it');
    expect(answer.kind).toBe('unknown');
    expect((answer.answers ?? []).filter((a) => a.kind === 'faq')).toEqual([]);
  });

  it('reads a second question joined without a question word as one, when the model reads two entries', () => {
    // "more resources on these topics" asks nothing the splitter can see; the model reads the halves as two entries.
    const message = 'can I do it during work hours and also more resources on these topics';
    expect(splitQuestions(message)).toEqual([message]);
    const answer = engine.answer(message);
    expect((answer.answers ?? []).map((a) => a.faq?.id)).toEqual(['working-hours', 'more-resources']);
    expect(answer.faq?.id).toBe('working-hours');
    const atJoinsOff = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      options: { ...ENGINE_OPTIONS, splitAtJoins: false },
    });
    expect(atJoinsOff.answer(message).answers).toHaveLength(1);
    // One question with "and" in it stays one: its halves read as the same entry, or as nothing.
    for (const one of [
      'can I do it during working hours and still meet the deadline',
      'I did it in 2018 and again in 2021, is this every year',
    ])
      expect(engine.answer(one).answers, one).toHaveLength(1);
  });

  it('cuts at a join only after a question, and never across a question already marked', () => {
    expect(twoParts('where do I log in and the deadline for grad students')).toEqual([
      ['where do i log in', 'the deadline for grad students'],
    ]);
    // The first half states, it does not ask: context, not a question.
    expect(twoParts('we did it in 2018 and now again in 2021 so is it every 3 years')).toEqual([]);
    // A question mark before the join: the splitter's sentences already hold the questions.
    expect(twoParts('is there a grace period? I am a grad student and I defend on May 5')).toEqual([]);
    // Halves of fewer than three words are not questions of their own.
    expect(twoParts('is it required and when')).toEqual([]);
  });

  it('splits only where every part asks something, and keeps one question with a clause as one', () => {
    expect(splitQuestions('how do i know i finished? and who do i email if the page breaks')).toEqual([
      'how do i know i finished',
      'and who do i email if the page breaks',
    ]);
    expect(splitQuestions('I am on sabbatical, do I still need to do it?')).toEqual([
      'I am on sabbatical, do I still need to do it?',
    ]);
    expect(splitQuestions('thanks, and have a good weekend')).toEqual(['thanks, and have a good weekend']);
  });

  it('keeps a statement that starts a question with it: context, not a question of its own', () => {
    for (const message of [
      'did it last week, how do I know it counted',
      'I already did the pre-training survey, where do I go now?',
      'I am on sabbatical and abroad, do I still need to do it?',
      'if I am graduating in May, do I need to do it',
      'e.g. the Atlas page. Is it the same link for everyone?',
    ])
      expect(splitQuestions(message), message).toEqual([message]);
    expect(
      splitQuestions(
        "I'm a lecturer and my contract ends in March. Do I still have to do it, and can I do it on work time?",
      ),
    ).toEqual([
      'i am a lecturer and my contract ends in march do i still have to do it',
      'can i do it on work time',
    ]);
    expect(splitQuestions('(a) who needs to do this (b) can they do it during the workday')).toEqual([
      'who needs to do this',
      'can they do it during the workday',
    ]);
  });
});

// Round 29: someone tells what happened and asks about the training in the same message (the issue: "answer the FAQ
// and add the support line"). Examples written for this test, not taken from mixed.yml or holdout-mixed.yml.
describe('a disclosure and a question in one message', () => {
  const clausesOff = createAnswerEngine({
    content,
    cacheDir: MODEL_CACHE_DIR,
    options: { ...ENGINE_OPTIONS, readClauses: false },
  });

  it('shows care to a message the model reads whole as telling and asking, and offers what it asks', () => {
    // Round 31: the question first, the telling after it and hedged; no clause alone reads as a disclosure.
    const message =
      'do we have to do this every year now. the person who harassed me last spring just did the course and that was the end of it, so forgive me if im cynical';
    const toldOff = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      options: { ...ENGINE_OPTIONS, readTold: false },
    });
    expect(engine.cutoffs.toldAt).toBeDefined();
    const answer = engine.answer(message);
    expect(answer.kind).toBe('sensitive');
    expect(answer.text).toContain(content.resources.notReportingChannel);
    expect(offeredEntries(answer)).toContain('every-year');
    // Without the class's reading, the question alone: no care at all.
    const without = toldOff.answer(message);
    expect(without.kind === 'sensitive' || without.supportLine === true).toBe(false);
    // The same question with nothing told is answered or offered as any question, with no care.
    const plain = engine.answer('do we have to do this every year now');
    expect(plain.kind === 'sensitive' || plain.supportLine === true).toBe(false);
    expect(plain.faq?.id ?? offeredEntries(plain)[0]).toBe('every-year');
  });

  it('from the lower told-and-asked cut-off, puts only the support line under an answer the model is sure of', () => {
    const withoutSupportAt = ({ toldSupportAt: _, ...rest }: typeof CUTOFFS) => rest;
    const shipped = engine.cutoffs;
    expect(shipped.toldSupportAt).toBeLessThan(shipped.toldAt as number);
    // The two cut-offs moved to the ends, to see what each gives: the careful reply never, the support line from
    // almost any weight the model gives the class.
    const support = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      cutoffs: { ...CUTOFFS, toldAt: 1, toldSupportAt: 0.01 },
    });
    const neither = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      cutoffs: { ...withoutSupportAt(CUTOFFS), toldAt: 1 },
    });
    const message =
      'I supervise a few techs and one mentioned a student keeps making comments at her. do I have to report that?';
    const answer = support.answer(message);
    expect({ kind: answer.kind, faq: answer.faq?.id, supportLine: answer.supportLine }).toEqual({
      kind: 'faq',
      faq: 'reporting-obligations',
      supportLine: true,
    });
    expect(answer.text).toContain(content.resources.ifSomethingHappened);
    expect(neither.answer(message).supportLine).not.toBe(true);
    // A question that tells nothing, the model sure of it: the answer alone, even so.
    expect(support.answer('how do I get into the training?').supportLine).not.toBe(true);
    // No entry the model is sure of, the support line has no answer to go under: no careful reply from it either.
    const unsure = support.answer(
      'can my group do it together on a projector, or does it need to be one by one',
    );
    expect({ kind: unsure.kind, supportLine: unsure.supportLine === true }).toEqual({
      kind: 'unknown',
      supportLine: false,
    });
  });

  it('cuts a message into its clauses at sentences and joins, and gives none for a single clause', () => {
    expect(clauses('my coworker keeps harassing me and the training link is broken')).toEqual([
      'my coworker keeps harassing me',
      'the training link is broken',
    ]);
    expect(clauses("a guy in my lab won't leave me alone. anyway, how do I get into the training?")).toEqual([
      'a guy in my lab will not leave me alone',
      'how do i get into the training',
    ]);
    expect(clauses('when is the deadline for grad students')).toEqual([]);
    // Pieces of fewer than three words are not read on their own.
    expect(clauses('ok, so when is it due')).toEqual([]);
  });

  it('answers the question the model is sure of, with the support line, when one clause tells something', () => {
    for (const [message, id] of [
      [
        'my supervisor grabbed my arm at the retreat, also can I do the modules during work hours',
        'working-hours',
      ],
    ] as const) {
      const answer = engine.answer(message);
      expect({ kind: answer.kind, faq: answer.faq?.id, supportLine: answer.supportLine }, message).toEqual({
        kind: 'faq',
        faq: id,
        supportLine: true,
      });
      expect(answer.text, message).toContain(content.resources.ifSomethingHappened);
      // Read whole, as before round 29: the answer alone.
      expect(clausesOff.answer(message).supportLine, message).not.toBe(true);
    }
  });

  it('puts the answer to what was asked under the careful reply when the message reads as telling', () => {
    for (const [message, id] of [
      [
        'someone in my office keeps making comments about my body. anyway, how do I get into the training?',
        'access-training',
      ],
      ['my labmate touched me without asking last week. is the training every year', 'every-year'],
    ] as const) {
      const answer = engine.answer(message);
      expect({ kind: answer.kind, faq: answer.faq?.id }, message).toEqual({ kind: 'sensitive', faq: id });
      expect(answer.text, message).toContain(content.resources.notReportingChannel);
      expect(answer.text, message).toContain(MESSAGES.alsoAsked);
      // Read whole: the careful reply alone, the question unanswered.
      expect(clausesOff.answer(message).faq, message).toBeNull();
    }
  });

  it('under the careful reply, answers only an entry the whole message makes plausible too, not a vague ask read alone', () => {
    const message = 'my student told me her advisor is harassing her, what should i do';
    // Read alone, "what should i do" is the not-enough-time entry at 0.70, over the answer cut-off (round 33's
    // model); the whole message, read as telling nothing, is likeliest the specific-situation one.
    const rest = engine.predict('what should i do');
    expect(rest[0]?.label).toBe('not-enough-time');
    expect(rest[0]?.p).toBeGreaterThanOrEqual(engine.cutoffs.answerAt);
    const answer = engine.answer(message);
    expect({ kind: answer.kind, faq: answer.faq }).toEqual({ kind: 'sensitive', faq: null });
    expect(answer.text).toContain(content.resources.notReportingChannel);
    expect(answer.text).not.toContain(MESSAGES.alsoAsked);
    // A situation brought to the asker: the entry on those is offered first.
    expect(offeredEntries(answer)[0]).toBe('specific-situation');
  });

  it('reads the clauses only as far as the calibrated cut-off: a clause the model doubts is not read as telling', () => {
    const message = 'my coworker keeps harassing me and the training link is broken';
    const cutoff = engine.cutoffs.clauseDisclosureAt as number;
    const pClause =
      engine.predict('my coworker keeps harassing me').find((s) => s.label === 'disclosure')?.p ?? 0;
    // Round 29: 0.77 against a cut-off of 0.81, read from the leave-one-writer-out curve (calibrate.ts).
    expect(pClause).toBeLessThan(cutoff);
    expect(engine.answer(message).supportLine).not.toBe(true);
    const lower = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      cutoffs: { ...CUTOFFS, clauseDisclosureAt: pClause },
    });
    const answer = lower.answer(message);
    expect({ kind: answer.kind, faq: answer.faq?.id, supportLine: answer.supportLine }).toEqual({
      kind: 'faq',
      faq: 'technical-difficulties',
      supportLine: true,
    });
  });

  it('answers each question of a message with several, and puts the support line under the last answer once', () => {
    // A clause cut-off low enough that some clause of any message "tells": the several questions are still
    // answered one by one (the clause reading decides the support line, not how the message is answered).
    const eager = createAnswerEngine({
      content,
      cacheDir: MODEL_CACHE_DIR,
      cutoffs: { ...CUTOFFS, clauseDisclosureAt: 0.01 },
    });
    const message = 'quick one for my team - can they do this on work time and how do they get into it';
    const answer = eager.answer(message);
    expect(answer.answers?.map((a) => [a.faq?.id, a.supportLine === true])).toEqual([
      ['working-hours', false],
      ['access-training', true],
    ]);
    expect(answer.supportLine).toBe(true);
    const last = answer.answers?.at(-1)?.text ?? '';
    expect(last.split(content.resources.ifSomethingHappened).length - 1).toBe(1);
    // As the shipped engine answers it: the same two answers, no support line.
    expect(engine.answer(message).answers?.map((a) => [a.faq?.id, a.supportLine === true])).toEqual([
      ['working-hours', false],
      ['access-training', false],
    ]);
  });

  it('leaves a question about the course in one clause, or in clauses that tell nothing, as it was', () => {
    for (const message of [
      'the module about assault, can I go back to it after I finish',
      'my coworker said the training link is broken, who do I contact',
    ]) {
      const answer = engine.answer(message);
      expect(answer.kind, message).toBe('faq');
      expect(answer.supportLine, message).not.toBe(true);
    }
  });
});
