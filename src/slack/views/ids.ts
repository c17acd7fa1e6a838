// Action and callback ids shared by the views, the bot layer, the Slack listeners and the console.

export const ACTION = {
  /** A button that opens an FAQ answer: `faq_open:<faq id>` (unique per block, as Slack requires); value = id. */
  openFaqPrefix: 'faq_open:',
  feedbackUp: 'feedback_up',
  feedbackDown: 'feedback_down',
  /** Opens the eligibility check modal for someone without a roster record. */
  openCheck: 'eligibility_check_open',
} as const;

export const CALLBACK = {
  eligibilityCheck: 'eligibility_check',
} as const;

/** Matches every FAQ-opening action id; the listener registers this pattern. */
export const OPEN_FAQ_PATTERN = /^faq_open:/;

export function openFaqActionId(faqId: string): string {
  return `${ACTION.openFaqPrefix}${faqId}`;
}
