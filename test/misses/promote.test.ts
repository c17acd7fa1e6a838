// A kept question turned into YAML an editor pastes under an entry's alternates.
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
  ])('parses back to the text as one alternate: %j', (text) => {
    const yaml = promotionYaml(miss(text), entry);
    expect(yaml).toContain(`entry "${entry.id}"`);
    expect(parse(`alternates:\n${yaml}`)).toEqual({ alternates: [text] });
  });

  it('warns when the text holds a redaction placeholder', () => {
    expect(promotionYaml(miss('can [email] take it for me'), entry)).toMatch(/\[email\].*reword it/);
  });

  it('refuses a text that already is one of the entry’s phrasings', () => {
    expect(() => promotionYaml(miss(entry.question.toUpperCase()), entry)).toThrow(PromoteError);
  });
});
