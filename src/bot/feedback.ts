// 👍/👎 on FAQ answers: what the bot hands on. The counts are kept by the store (src/store/feedback.ts).

import type { Vote } from '../text/reply.js';

export type { Vote };

export interface FeedbackSink {
  record(faqId: string, vote: Vote): Promise<void>;
}
