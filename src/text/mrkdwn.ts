// The markup every reply is written in (Slack's mrkdwn, which the content is authored in too): escaping what
// came from a person or a file, cutting to a length, and reading it back as plain text for the terminal.

/**
 * Escapes the three characters mrkdwn gives control meaning. Without this, `<!channel>` typed by someone comes
 * back as a live @channel ping, and `<https://x|text>` as a disguised link. An entity that is already escaped
 * (Slack delivers a typed `<` as `&lt;`) is left as it is, so an echo never shows `&amp;lt;`.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&(?!(?:amp|lt|gt);)/g, '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * Cuts text to `max` UTF-16 units, ending with an ellipsis when it had to cut. Never splits a surrogate pair,
 * so an emoji at the cut is dropped whole rather than left as half a character Slack would reject.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** mrkdwn read as plain text: emphasis markers dropped, links shown as their label and address. */
export function mrkdwnToText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<mailto:([^|>]+)\|[^>]+>/g, '$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|[\s(])[*_~]+(?=\S)/g, '$1')
    .replace(/(?<=\S)[*_~]+(?=$|[\s).,:;!?])/gm, '');
}

/** mrkdwn as a terminal shows it: plain text with the escaped entities decoded. */
export function mrkdwnForTerminal(mrkdwn: string): string {
  return mrkdwnToText(mrkdwn).replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
