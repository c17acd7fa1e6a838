// Strings a person sees, named so that tests, the Slack views and the console can refer to them.

export const TEXT = {
  noRecord: "I don't have a record for you in the training roster, so I can't answer for you personally.",
  recordsUnavailable:
    "I can't look up your training record right now (my database is not answering), so I can't answer for you personally. Please try again in a few minutes.",
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
  questionsIntro: 'Press one for its answer, or ask me in your own words.',
  notAllowed: (name: string) =>
    `Sorry, \`${name}\` is only for training administrators, so nothing was done. Here is what you can do:`,
  unknownSubcommand: (escaped: string) => `I don't know the subcommand "${escaped}". Here is what I can do:`,
  somethingWentWrong: 'Sorry, something went wrong on my side. Please try again in a minute.',
  /** Slack's assistant thread: what the app says when it opens, above the suggested prompts. */
  assistantWelcome:
    'Hi! Ask me about the Preventing Sexual Harassment training in your own words: who has to take it, ' +
    'your deadline, how to reach the course, or what to do if something comes up.',
  assistantPromptsTitle: 'People often ask',
  /** Shown under the thread while the answer is being found. */
  assistantStatus: 'is looking that up…',
  /** The thread's title when the first message is personal or sensitive: never the person's own words. */
  assistantPrivateTitle: 'Training question',
  ifAboutYou: 'If you were asking about yourself, this is your record:',
  /** Above an answer to a message read with the one before it (a follow-up). */
  readWithPrevious: 'Reading this with your previous message:',
  /** Under the answers to a message that asked more questions than are answered at once. */
  questionsLeft: (answered: number, left: number) =>
    `I replied to your first ${answered} questions. Please send me the other ${left === 1 ? 'one' : left} in a new message.`,
  homeUnavailable:
    "I can't show your training status here right now (my records are not answering). Questions about the " +
    'training still work: ask me in the Messages tab. Please open this tab again in a few minutes.',
  faqNotFound: 'That FAQ entry is no longer available.',
} as const;

/** The slash command, as people type it. */
export const COMMAND = '/harassment-training';

/** What a person without a report grant is told. */
export const NOT_ENTITLED_TEXT =
  'The completion report is for training administrators and department administrative officers. ' +
  `You can see your own status with \`${COMMAND} status\`.`;

/** A department admin officer who asked for someone else's department. */
export function notYourDepartmentText(own: readonly string[], asked: string): string {
  return `You can see the report for ${own.map((d) => `"${d}"`).join(', ')}, not for "${asked}".`;
}

/** What anyone but an admin is told when they try to send; nothing is sent. */
export const NOT_ALLOWED_TEXT =
  'Sorry, only training administrators can send reminders and announcements, so nothing was sent. ' +
  'If you think you should be able to, ask one of them to grant you access.';

/** Where an admin's report went, when it came with its chart (one DM: the report and the picture). */
export const REPORT_IN_DM_TEXT = 'Your completion report, with its chart, is in our DM.';
/** Under a report shown without its chart because the upload failed. */
export const CHART_NOT_UPLOADED_TEXT = 'The chart could not be uploaded this time; the figures are all here.';
/** The CSV sent to the admin's DM. */
export function reportCsvComment(scope: string, today: string): string {
  return `The completion report for ${scope} as of ${today}, as CSV (one row per training group and department, and a total).`;
}
/** The CSV could not be made or sent. */
export const CSV_NOT_SENT_TEXT =
  'Sorry, I could not send the report as a file just now. Please try again in a minute.';

/** What the answer engine says around the FAQ's own answers (src/answer/replies.ts puts them together). */
export const ANSWER_TEXT = {
  unknown: "I don't know the answer to that one, and I'd rather not guess.",
  /** One question of several in a message, out of scope: named, so the reply says which one it means. */
  unknownPart: (part: string) => `I don't know the answer to "${part}", and I'd rather not guess.`,
  notSure: "I'm not sure which of these you mean, so I won't guess.",
  didYouMean: 'Did you mean one of these?',
  /** Under "I don't know" with nothing to offer: where every question the FAQ answers is listed. */
  seeQuestions: `To see every question I can answer, send me \`questions\` in a DM, or use \`${COMMAND} questions\`.`,
  askGeneral: (contact: string) => `For anything else about the training, contact ${contact}.`,
  greeting:
    'Hi! I answer questions about the Preventing Sexual Harassment training: who has to take it, the ' +
    'deadlines, how to reach the course, and what to do if something comes up. Ask in your own words.',
  closing: 'Glad to help. If anything else about the training comes up, ask me here.',
  personal: {
    required: 'Whether you need to take the training depends on your role and appointment.',
    deadline: 'Your deadline depends on your training group.',
    completed: 'Whether your completion is recorded depends on who you are.',
    group: 'Your training group depends on your role and where your appointment sits.',
    status: 'Your training status depends on who you are.',
  },
  personalNeedsProfile: 'To answer for you, I need to know who you are (your role and appointment).',
  sensitiveOpening: 'Thank you for telling me. You can take this at your own pace.',
  sensitiveOptions: 'If you would like to talk to someone, these are the options the training names:',
  alsoAsked: 'If you were also asking about the training itself, this is what the FAQ says:',
  /** Under the careful reply, before the FAQ entries the message may have asked about. */
  ifAboutTraining: 'If you were asking about the training itself, one of these FAQ entries may help:',
  /** Under the asker's status, before the FAQ entries the message may have asked about instead. */
  ifInGeneral: 'If you were asking about the training in general, one of these FAQ entries may help:',
  /** The situation an answer was fitted to, and what the rules say for it. */
  forYou: 'For you',
} as const;
