// The transport-neutral conversation layer: what the Slack listeners and the console call.
export {
  type AnsweredEvent,
  type AskReply,
  askerKey,
  type Bot,
  type BotDeps,
  type BotReply,
  createBot,
  type Surface,
} from './bot.js';
export type { FeedbackSink, Vote } from './feedback.js';
export { TEXT } from './messages.js';
export {
  adminDepartments,
  isAdmin,
  parseSubcommand,
  type Subcommand,
  visibleSubcommands,
} from './subcommands.js';
export {
  createIdentity,
  type Identity,
  type IdentityDeps,
  type IdentityStore,
  type Viewer,
} from './viewer.js';
