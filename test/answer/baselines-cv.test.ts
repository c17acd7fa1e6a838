// The product and the plain regressions compared on the same folds of writers, where no holdout is used
// (`npm run eval:baselines -- --cross-validate`): on the second institution's training folder, six writers,
// so that the comparison's counting is checked in seconds. What the figures say for the shipped content is in
// the README ("Answers").
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossValidated } from '../../scripts/baselines.js';
import { FAQ_WRITER, OUT_OF_SCOPE, trainingExamples } from '../../src/answer/corpus.js';
import { loadContent } from '../../src/content/load.js';

const bayline = loadContent(resolve(import.meta.dirname, '../../examples/institutions/bayline'));

describe('the cross-validated comparison with the plain regressions', () => {
  const rows = crossValidated(bayline);
  const row = (start: string) => {
    const found = rows.find((r) => r.name.startsWith(start));
    if (!found) throw new Error(`no row "${start}" in ${rows.map((r) => r.name).join(', ')}`);
    return found;
  };
  const shown = JSON.stringify(rows, null, 1);

  it('counts the always-answering regression wrong on every out-of-scope phrasing, as the holdout report does', () => {
    const ids = new Set(bayline.faq.entries.map((e) => e.id));
    const scoped = trainingExamples(bayline).filter(
      (e) => e.writer !== FAQ_WRITER && (ids.has(e.label) || e.label === OUT_OF_SCOPE),
    );
    const outOfScope = scoped.filter((e) => e.label === OUT_OF_SCOPE).length / scoped.length;
    expect(outOfScope).toBeGreaterThan(0);
    expect(row('plain regression, FAQ classes').wrong, shown).toBeGreaterThanOrEqual(outOfScope);
    expect(row('plain regression + out-of-scope').wrong, shown).toBeLessThan(outOfScope);
  });

  it("shows what the product's answer cut-off costs and saves: more right and more wrong without it", () => {
    const shipped = row('product (answer cut-off');
    const uncut = row('product, no answer cut-off');
    expect(uncut.top1, shown).toBeGreaterThanOrEqual(shipped.top1);
    expect(uncut.wrong, shown).toBeGreaterThanOrEqual(shipped.wrong);
    expect(shipped.wrong, shown).toBeLessThan(row('plain regression, FAQ classes').wrong);
  });

  it('compares the product with the abstaining regression at the same share of wrong answers', () => {
    const matched = row('plain regression + out-of-scope class, at p');
    expect(matched.wrong, shown).toBeLessThanOrEqual(row('product (answer cut-off').wrong);
    expect(matched.top1, shown).toBeLessThanOrEqual(
      row('plain regression + out-of-scope class, answers at p ≥ 0.2').top1,
    );
  });
}, 120_000);
