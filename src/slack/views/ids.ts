// Slack's action ids for the buttons the renderer draws, and the pattern the listeners register.

export const ACTION = {
  /** A button that opens an FAQ answer: `faq_open:<faq id>` (unique per block, as Slack requires); value = id. */
  openFaqPrefix: 'faq_open:',
  feedbackUp: 'feedback_up',
  feedbackDown: 'feedback_down',
  /** Slack's feedback buttons (a `context_actions` block, in the assistant thread): value `up:<faq id>`. */
  feedbackButtons: 'answer_feedback',
  /** Opens the eligibility check modal for someone without a roster record. */
  openCheck: 'eligibility_check_open',
  /** An admin's App Home: opens the reminder composer. */
  openRemind: 'admin_remind_open',
  /** An admin's App Home: the report as a CSV file in their DM. */
  downloadReport: 'admin_report_csv',
} as const;

/** Matches every FAQ-opening action id; the listener registers this pattern. */
export const OPEN_FAQ_PATTERN = /^faq_open:/;

export function openFaqActionId(faqId: string): string {
  return `${ACTION.openFaqPrefix}${faqId}`;
}
