// The answering core's public face: what the Slack adapter, the CLI and the scripts import.
export {
  type Answer,
  type AnswerEngine,
  type AnswerKind,
  createAnswerEngine,
  MESSAGES,
  type Suggestion,
  THRESHOLDS,
} from './engine.js';
export { type PersonalTopic, personalTopic, sensitiveMatch } from './intent.js';
export { normalise } from './normalise.js';
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
