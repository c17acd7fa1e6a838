// The transport-neutral conversation layer: what the Slack listeners and the console call.
export {
  type AdminDesk,
  type AdminDeskDeps,
  type AdminDeskStore,
  createAdminDesk,
  type ReportFile,
  withAdminHome,
} from './admin.js';
export {
  type AnsweredEvent,
  type AskReply,
  askerKey,
  type Bot,
  type BotDeps,
  type CheckResult,
  createBot,
  type Origin,
} from './bot.js';
export type { FeedbackSink, Vote } from './feedback.js';
export { parseSubcommand, type Subcommand, visibleSubcommands } from './subcommands/index.js';
export {
  createRemindFlow,
  type ProgressChannel,
  type RemindCheck,
  type RemindFlow,
  remindSubcommand,
} from './subcommands/remind.js';
export { reportSubcommand } from './subcommands/report.js';
export {
  createIdentity,
  type Identity,
  type IdentityDeps,
  type IdentityStore,
  type Viewer,
} from './viewer.js';
