// Shared by the view tests: the shipped content, the engine and a clock inside the 2021 cycle.
import { createAnswerEngine } from '../../src/answer/index.js';
import { loadContent } from '../../src/content/load.js';
import { parseMoment } from '../../src/rules/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

export const content = loadContent(SHIPPED_CONTENT);
export const engine = createAnswerEngine({ content });
export const at = (day: string) => parseMoment(day, content.schedule.cycle.timeZone);

/** Every text a person reads in some blocks, joined. */
export function readable(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['text'] === 'string') out.push(o['text']);
      for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') walk(v);
    }
  };
  walk(blocks);
  return out.join('\n');
}
