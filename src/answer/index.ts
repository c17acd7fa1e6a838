// The answering core's public face: what the Slack adapter, the CLI and the scripts import.
export {
  type Answer,
  type AnswerEngine,
  type AnswerEngineDeps,
  type AnswerKind,
  type AskContext,
  createAnswerEngine,
  MAX_QUESTIONS,
  MESSAGES,
  rankerInput,
  type Suggestion,
  THRESHOLDS,
} from './engine.js';
export { createFollowUpMemory, type FollowUpMemory, type Previous } from './follow-up-memory.js';
export { type PersonalTopic, personalTopic, sensitiveMatch } from './intent.js';
export { isFollowUp, splitQuestions } from './messages.js';
export { normalise } from './normalise.js';
export { type Design, RANKER_OPTIONS } from './ranker.js';
export {
  ADDRESS_NOT_PUBLISHED,
  mrkdwnToText,
  type Rendered,
  renderContact,
  renderFaqAnswer,
  renderMrkdwn,
  UnknownContactError,
} from './render.js';
export { createFaqSearch, FIELD_WEIGHTS, type SearchHit } from './search.js';
export { readSituation, type SituationFacts } from './situation.js';
