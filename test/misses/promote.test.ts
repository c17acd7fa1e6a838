// A kept question turned into YAML an editor pastes into a training file, under the entry it asks.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { PromoteError, promotionYaml } from '../../src/misses/index.js';
import type { Miss } from '../../src/store/misses.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const entry = content.faq.entries[0];
if (!entry) throw new Error('no FAQ entry in the shipped content');

const miss = (text: string): Miss => ({ id: 7, text, reason: 'unknown', faqId: null, day: '2021-02-10' });

describe('promotionYaml', () => {
  it.each([
    'do temps have to do this',
    'what about: contractors? #asking',
    'it\'s "mandatory" for visitors too?',
  ])('parses back to the text as one phrasing of the entry: %j', (text) => {
    const yaml = promotionYaml(miss(text), entry);
    expect(yaml).toContain('content/training/reviewed-misses.yml');
    expect(parse(`faq:\n  ${entry.id}:\n${yaml}`)).toEqual({ faq: { [entry.id]: [text] } });
  });

  it('warns when the text holds a redaction placeholder', () => {
    expect(promotionYaml(miss('can [email] take it for me'), entry)).toMatch(/\[email\].*reword it/);
  });

  it('refuses a text that already is the entry’s question or one of its training phrasings', () => {
    expect(() => promotionYaml(miss(entry.question.toUpperCase()), entry)).toThrow(PromoteError);
    const phrasing = content.training.phrasings.find((p) => p.label === entry.id)?.text ?? '';
    expect(() => promotionYaml(miss(phrasing), entry, [phrasing])).toThrow(PromoteError);
  });
});
