// The parts of the engine besides the model, and their shipped settings: what `npm run eval -- --ablation` switches.
import { INTENT_MODEL_OPTIONS, type IntentModelOptions } from './intent-model.js';

/**
 * The parts of the engine besides the model, each switchable for `npm run eval -- --ablation`, which
 * measures each one's worth by leave-one-writer-out cross-validation. What did not earn its place is off.
 */
export interface EngineOptions {
  model: IntentModelOptions;
  /**
   * The hand-written disclosure patterns (intent.ts) decide beside the model's disclosure class. Unset: as
   * the content's calibration.yml says (`disclosurePatterns`: only where the model alone cannot recognise
   * enough disclosures); set, for the ablation.
   */
  sensitivePatterns?: boolean;
  /** The hand-written greeting and personal-status patterns, before the model. */
  intentPatterns: boolean;
  /**
   * fuse.js, searching the entries' questions and answers, fills "did you mean" up to three when the model
   * offers fewer. Off: in the ablation it offered the right entry no more often, gave more out-of-scope
   * questions a list of unlikely entries, and made the slowest answers ten times slower (README, "Answers").
   */
  fuseCandidates: boolean;
  /** A message with several questions answered question by question. */
  split: boolean;
  /**
   * A message the splitter reads as one question, read as two at a join when the model reads each half as a
   * different entry and the whole message as plausibly both ("can I do it during work hours and also more
   * resources on these topics").
   */
  splitAtJoins: boolean;
  /** A message not understood alone read with the asker's previous one (AskContext.previous). */
  readWithPrevious: boolean;
  /**
   * With readWithPrevious, a message the model reads as a follow-up (FOLLOW_UP the likeliest label) is read with
   * the previous one however sure its other labels are ("does he need to take it?" after a question about a
   * visiting professor, which alone reads as the asker's own status).
   */
  rereadFollowUps: boolean;
  /**
   * With rereadFollowUps, a follow-up that alone reads as a disclosure ("him too?", its other labels read without
   * the follow-up class) is read with the previous one as well: confidently an entry together, it gets that
   * entry's answer with the support line; otherwise, the careful reply it had alone.
   */
  rereadSensitiveFollowUps: boolean;
  /**
   * A message of several clauses that reads as a question is also read a clause at a time: when one clause alone
   * reads as a disclosure ("my coworker keeps harassing me, and the training link is broken"), the message is
   * one that tells something and asks about the training: the FAQ answer with the support line when the model is
   * sure of the entry, else the careful reply with what the other clauses ask under it (withQuestionBeside).
   */
  readClauses: boolean;
  /**
   * A message the model gives enough weight as one that tells something and asks (the TOLD class, calibration.yml's
   * toldAt) is read as one with a disclosure in one clause: the FAQ answer with the support line when the model is
   * sure of the entry, else the careful reply with the question beside it. Below toldAt, from toldSupportAt (when
   * the calibration has it), the support line alone under an answer the model is sure of (round 34).
   */
  readTold: boolean;
}

export const ENGINE_OPTIONS: EngineOptions = {
  model: INTENT_MODEL_OPTIONS,
  intentPatterns: false,
  fuseCandidates: false,
  split: true,
  splitAtJoins: true,
  readWithPrevious: true,
  rereadFollowUps: true,
  rereadSensitiveFollowUps: true,
  readClauses: true,
  readTold: true,
};
