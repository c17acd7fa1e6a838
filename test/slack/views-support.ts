// Shared by the view tests: the shipped content, the engine and a clock inside the 2021 cycle.
import { createAnswerEngine } from '../../src/answer/index.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { loadContent } from '../../src/content/load.js';
import { parseMoment } from '../../src/rules/index.js';
import { renderForm, renderParts } from '../../src/slack/views/render.js';
import type { Form } from '../../src/text/reply.js';
import { SHIPPED_CONTENT } from '../support/content.js';

export const content = loadContent(SHIPPED_CONTENT);
export const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });
export const at = (day: string) => parseMoment(day, content.schedule.cycle.timeZone);

/** A reply (message, Home or form) as the blocks Slack gets; blocks as they are. */
function asBlocks(value: unknown): unknown {
  if (value && typeof value === 'object') {
    if ('parts' in value) return renderParts((value as { parts: Parameters<typeof renderParts>[0] }).parts);
    if ('items' in value) return renderForm(value as Form).blocks;
  }
  return value;
}

/** Every text a person reads in some blocks (or in a reply, as Slack shows it), joined. */
export function readable(reply: unknown): string {
  const blocks = asBlocks(reply);
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
