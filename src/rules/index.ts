// The rules' public face: "do I need to take it?" for one person at one moment, and its plain-text rendering.

export {
  evaluateAny,
  evaluateCondition,
  type Facts,
  groupFacts,
  type Verdict,
} from '../content/conditions.js';
export {
  cycleOpens,
  type GroupResolution,
  type GroupSource,
  groupFor,
  groupsInWindowOrder,
  membership,
  resolveGroup,
} from '../content/group.js';
export { Completion, EarlierCompletion, Profile } from '../content/profile.js';
export {
  type AccessGrant,
  isAdmin,
  mayReport,
  ownDepartments,
  type ReportScope,
  reportScope,
} from './access.js';
export {
  DAY_MS,
  dayIn,
  daysBetween,
  endOfDayIn,
  InvalidMomentError,
  parseMoment,
  startOfDayIn,
} from './calendar.js';
export {
  ANCHOR_LABEL,
  type AppliedDeadline,
  addSpan,
  hasPersonalDeadlines,
  hoursPart,
  type PersonalDeadline,
  personalDeadline,
} from './deadlines.js';
export { areaLabel } from './reasons.js';
export {
  hoursLine,
  otherCourseLine,
  REQUIRED_HEADLINE,
  renderStatusText,
  requiredHeadline,
} from './render.js';
export {
  daysToDeadline,
  describeFields,
  evaluateStatus,
  FIELD_LABEL,
  GENERATED_RULES,
  type PersonalStatus,
  type StatusReason,
  type StatusRecommendation,
  type StatusState,
  scheduleFaq,
} from './status.js';
