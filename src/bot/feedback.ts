// 👍/👎 on FAQ answers: what the bot hands on. The counts are kept by the store (src/store/feedback.ts).

export type Vote = 'up' | 'down';

export interface FeedbackSink {
  record(faqId: string, vote: Vote): void;
}
