// The bot's issue-8 seams in one place, so the composition root (and tests) wire them the same way:
// counts, misses, the question behind a 👎, the first-DM flag and the privacy notice.
import type { BotDeps } from '../bot/index.js';
import { privacyNotice } from '../privacy/notice.js';
import type { MissRecorder } from './recorder.js';

export type LearningDeps = Required<
  Pick<BotDeps, 'onAnswer' | 'onMiss' | 'onFaqAnswered' | 'onFeedback' | 'isFirstContact' | 'privacyNotice'>
>;

export function learningDeps(
  recorder: MissRecorder,
  notice: { retentionDays: number; notReportingChannel: string },
): LearningDeps {
  return {
    onAnswer: (event) => recorder.answered(event),
    onMiss: (miss) => recorder.missed(miss),
    onFaqAnswered: ({ asker, faqId, question }) => recorder.answeredFaq(asker, faqId, question),
    onFeedback: ({ asker, faqId, vote }) => {
      if (vote === 'down' && asker !== null) void recorder.unhelpful(asker, faqId);
    },
    isFirstContact: (viewer) => recorder.isFirstContact(viewer),
    privacyNotice: privacyNotice(notice),
  };
}
