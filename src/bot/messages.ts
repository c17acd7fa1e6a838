// Strings a person sees, named so that tests, the Slack views and the console can refer to them.

export const TEXT = {
  /**
   * What the bot keeps, said on the App Home and in help (and, with issue 8, the first DM); the views follow it
   * with resources.yml's "not a reporting channel" notice.
   */
  privacyKeeps:
    'I keep only the link between your Slack account and your roster record, and 👍/👎 counts per FAQ entry: not what you write.',
  noRecord: "I don't have a record for you in the training roster, so I can't answer for you personally.",
  generalRule: 'The general rule:',
  notRequiredIf: 'Not required:',
  checkOffer: 'Answer a few questions and I will work it out for you. Nothing you enter is stored.',
  checkButton: 'Check for me',
  checkTitle: 'Do I need to take it?',
  checkSubmit: 'Check',
  checkIntro:
    'Answer what applies to you. Nothing you enter here is stored: the answer is worked out and shown once.',
  checkResultNote: 'Worked out from what you entered just now; nothing was stored.',
  feedbackPrompt: 'Was this helpful?',
  feedbackUp: '👍 Yes',
  feedbackDown: '👎 No',
  feedbackThanks: 'Thanks for the feedback: it is counted for this FAQ entry, without your name or question.',
  fromFaq: (citation: string) => `From ${citation}`,
  youAsked: (escapedQuestion: string) => `You asked: ${escapedQuestion}`,
  related: 'Related questions:',
  tryAsking: 'Try one of these:',
  askUsage: 'Ask a question after `ask`, for example: `/harassment-training ask do I need to take it?`',
  notAllowed: (name: string) =>
    `Sorry, \`${name}\` is only for training administrators, so nothing was done. Here is what you can do:`,
  unknownSubcommand: (escaped: string) => `I don't know the subcommand "${escaped}". Here is what I can do:`,
  somethingWentWrong: 'Sorry, something went wrong on my side. Please try again in a minute.',
  faqNotFound: 'That FAQ entry is no longer available.',
} as const;
