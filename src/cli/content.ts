// `cli content check`: validate the content folder; exit 1 on any problem, 0 when only placeholders remain.
// Then, unless --no-review, the training data's review: each writer's phrasings read by a model trained
// without that writer (and the others of its fold: eight folds of writers), and the ones it confidently puts
// under another label listed as warnings.

import { FOLLOW_UP, TOLD, trainingExamples } from '../answer/corpus.js';
import { groupedCrossValidation } from '../answer/cross-validate.js';
import { createAnswerEngine, ENGINE_OPTIONS } from '../answer/engine.js';
import { trainingHash } from '../answer/intent-model.js';
import { MODEL_CACHE_DIR } from '../answer/model-cache.js';
import { checkContent } from '../content/check.js';
import { CALIBRATION_FILE, type Content, errorsOf, formatIssue, loadContent } from '../content/load.js';
import { type CliIo, CliUsageError, cliConfig, contentDir, parseCliArgs } from './io.js';

/** A phrasing read as another label with at least this probability is worth a second look. */
export const REVIEW_CONFIDENCE = 0.9;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    content: { type: 'string' },
    'no-review': { type: 'boolean' },
  });
  if (positionals[0] !== 'check' || positionals.length > 1)
    throw new CliUsageError('Expected "content check" (options: --content DIR, --no-review).');
  const dir = contentDir(values.content, io);
  const report = checkContent(dir);
  const errors = errorsOf(report.issues);
  // Warnings (a group no one reaches) are worth a look but do not stop the content from loading.
  for (const issue of report.issues) (issue.severity === 'warning' ? io.out : io.err)(formatIssue(issue));
  if (report.placeholders.length > 0) {
    io.out(`${report.placeholders.length} placeholder(s) still to fill in (the source leaves these blank):`);
    for (const p of report.placeholders) io.out(`  ${p.file}:${p.line} ${p.what}`);
  }
  if (errors.length > 0) {
    io.err(`${errors.length} problem(s) in ${dir}.`);
    return 1;
  }
  const content = loadContent(dir);
  const calibration = calibrationProblem(content);
  if (calibration) {
    io.err(calibration);
    io.err(`1 problem(s) in ${dir}.`);
    return 1;
  }
  if (values['no-review'] !== true) {
    const cacheDir = cliConfig(io).modelCacheDir;
    const flagged = reviewTraining(content, cacheDir);
    for (const line of flagged) io.out(line);
    io.out(
      `Training review: ${flagged.length} phrasing(s) a model trained without their writer reads as another label with p ≥ ${REVIEW_CONFIDENCE} (warnings: check which label each belongs to).`,
    );
    for (const line of reviewPrompts(content, cacheDir)) io.out(line);
  }
  io.out(`Content in ${dir} is valid.`);
  return 0;
}

/** What is wrong with the content's calibration.yml (missing, or read for other training data), or null. */
export function calibrationProblem(content: Content): string | null {
  const file = `${content.dir}/${CALIBRATION_FILE}`;
  const fix = `run: npm run calibrate -- --content ${content.dir}`;
  if (!content.calibration)
    return `${file}: error: missing: the answer engine's cut-offs are read from this content's training data (${fix})`;
  const trainedOn = trainingHash(trainingExamples(content), content.synonyms, ENGINE_OPTIONS.model);
  if (content.calibration.fingerprint !== trainedOn)
    return `${file}:1 fingerprint: error: the cut-offs were read for other training data (fingerprint ${content.calibration.fingerprint}, the training data now ${trainedOn}): ${fix}`;
  return null;
}

/** A suggested prompt that is not answered outright (a click on it would get "did you mean"), as a warning. */
export function reviewPrompts(content: Content, cacheDir: string = MODEL_CACHE_DIR): string[] {
  if (content.faq.prompts.length === 0) return [];
  // The content's own model, from the cache `npm start` and the console use: training it again costs half a minute.
  const engine = createAnswerEngine({ content, cacheDir });
  return content.faq.prompts.flatMap((prompt, i) => {
    const answer = engine.answer(prompt.message);
    if (answer.band === 'answer' && (answer.kind === 'faq' || answer.kind === 'personal')) return [];
    return [
      `faq.yml prompts[${i}]: warning: ${JSON.stringify(prompt.message)} is not answered outright (${answer.band}); reword it, or add phrasings like it to the training data`,
    ];
  });
}

/**
 * Each phrasing a model trained without its writer confidently reads as another label, as a warning line. The
 * models leave out a fold of writers each (eight folds: a minute to train from nothing on two cores, where a
 * model per writer took ten with 83 writers), so a new writer's file is reviewed while its author waits.
 */
export function reviewTraining(content: Content, cacheDir: string = MODEL_CACHE_DIR): string[] {
  const entries = new Set(content.faq.entries.map((e) => e.id));
  const records = groupedCrossValidation(content, ENGINE_OPTIONS.model, undefined, cacheDir);
  const where = new Map(
    content.training.phrasings.map((p) => [`${p.writer}\u0000${p.label}\u0000${p.text}`, p]),
  );
  const lines: string[] = [];
  for (const r of records) {
    const top = r.scores[0];
    if (!top || top.label === r.label || top.p < REVIEW_CONFIDENCE) continue;
    // Only what could give a wrong FAQ answer: an entry read as another, or a route read as an entry. A follow-up
    // alone is not one (read without the message before it, it is read as what it would mean on its own).
    if ((!entries.has(top.label) && !entries.has(r.label)) || r.label === FOLLOW_UP) continue;
    // A message that tells and asks is read as if it told nothing: only an entry other than the one it asks warns.
    if (r.label === TOLD && (!entries.has(top.label) || top.label === r.asks)) continue;
    const p = where.get(`${r.writer}\u0000${r.label}\u0000${r.text}`);
    lines.push(
      `${p ? `${p.file}:${p.line}` : r.writer} ${r.label}: warning: ${JSON.stringify(r.text)} reads as ${top.label} (p=${top.p.toFixed(2)}) to a model trained without ${r.writer}`,
    );
  }
  return lines;
}
