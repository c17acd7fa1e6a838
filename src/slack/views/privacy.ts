// The privacy notice shown on the App Home, in help and (when wired) with a person's first DM.
import { TEXT } from '../../bot/messages.js';
import type { Content } from '../../content/load.js';
import { type Block, context } from './blocks.js';

/** The default notice: what this app keeps, then resources.yml's "not a reporting channel". */
export function defaultPrivacyNotice(content: Content): string[] {
  return [`🔒 ${TEXT.privacyKeeps}`, content.resources.notReportingChannel.trim()];
}

/** The notice as one context block, each line its own element. */
export function privacyBlock(lines: readonly string[]): Block {
  return context(...lines);
}
