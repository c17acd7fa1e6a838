// The answering core's public face: what the Slack adapter, the CLI and the scripts import.
export {
  type Answer,
  type AnswerEngine,
  type AnswerEngineDeps,
  type AnswerKind,
  type AskContext,
  type Band,
  createAnswerEngine,
  cutoffsOf,
  ENGINE_OPTIONS,
  type EngineOptions,
  isModelBuilt,
  MAX_QUESTIONS,
  NotCalibratedError,
  type Suggestion,
} from './engine.js';
export { type PersonalTopic, personalTopic, sensitiveMatch } from './intent.js';
export { splitQuestions } from './messages.js';
export { MODEL_CACHE_DIR, modelCacheFile, removeUnreadableModels } from './model-cache.js';
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
export { readSituation, type SituationFacts } from './situation.js';
