// Escaping for text that came from a person before it is echoed inside mrkdwn.

/**
 * Escape the three characters Slack gives control meaning in mrkdwn. `&` goes first, or the `&` of `&lt;`
 * would itself be escaped again. Without this, `<!channel>` typed by someone comes back as a live
 * @channel ping, and `<https://x|text>` as a disguised link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
