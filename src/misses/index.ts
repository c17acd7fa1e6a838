// Learning from what the bot could not answer: the recorder the bot calls, grouping and promotion for editors.
export {
  groupMisses,
  type MissGroup,
  missTerms,
  type Nearest,
  SIMILARITY_THRESHOLD,
  similarity,
} from './group.js';
export { alreadyAsked, PromoteError, promotionYaml } from './promote.js';
export {
  createMissRecorder,
  type MissRecorder,
  type MissRecorderDeps,
  PENDING_FEEDBACK,
} from './recorder.js';
export {
  DAY_MS,
  daysBefore,
  lastExpiredDay,
  purgeExpiredMisses,
  type Retention,
  type RetentionDeps,
  type RetentionPolicy,
  startRetention,
  type Timers,
} from './retention.js';
export { type LearningDeps, learningDeps } from './wiring.js';
