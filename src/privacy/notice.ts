// The privacy notice in two lines: what the bot keeps and for how long, and that it is not a way to report.
// Shown in `/harassment-training help`, on the App Home and with the first DM a person has with the bot.

export interface PrivacyNoticeInput {
  /** MISSES_RETENTION_DAYS: how long unanswered and 👎 questions are kept. */
  retentionDays: number;
  /** content/resources.yml `notReportingChannel`: the source of the second line. */
  notReportingChannel: string;
}

export const PRIVACY_TEXT = {
  keeps: (days: number) =>
    'I keep the link between your Slack account and your roster record, counts of answers and 👍/👎, and ' +
    `for ${days} ${days === 1 ? 'day' : 'days'} the questions I could not answer or that got a 👎 ` +
    '(without who asked; e-mail addresses and numbers removed). Nothing you tell me about a situation is kept.',
  report: 'To report something, use the options in `/harassment-training contacts`.',
} as const;

/** The two lines, plain text (no person's text in them, so no escaping is needed). */
export function privacyNotice(input: PrivacyNoticeInput): [string, string] {
  return [
    `🔒 ${PRIVACY_TEXT.keeps(input.retentionDays)}`,
    `${input.notReportingChannel.trim()} ${PRIVACY_TEXT.report}`,
  ];
}
