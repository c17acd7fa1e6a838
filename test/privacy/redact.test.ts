// Redaction before a question may be kept: addresses, numbers and Slack mentions go; the question stays.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactQuestion } from '../../src/privacy/redact.js';

describe('redact', () => {
  it.each([
    [
      'email',
      'can you send it to jane.doe+training@dept.example.edu please',
      'can you send it to [email] please',
    ],
    [
      'email in Slack markup',
      'write to <mailto:a.b@example.org|a.b@example.org> about it',
      'write to [email] about it',
    ],
    ['unicode email', 'my address is zoë.müller@exämple.de', 'my address is [email]'],
    ['user mention', 'ask <@U024BE7LH> about the deadline', 'ask [person] about the deadline'],
    ['user mention with name', 'did <@U024BE7LH|sam> finish', 'did [person] finish'],
    ['enterprise user', 'ask <@W0123ABCD>', 'ask [person]'],
    ['channel', 'posted in <#C024BE7LR|general> yesterday', 'posted in [channel] yesterday'],
    ['broadcast', '<!channel> is the training due', '[mention] is the training due'],
    ['user group', 'ping <!subteam^S0123|@hr-team>', 'ping [mention]'],
    ['US phone', 'call me at (617) 555-0123 tomorrow', 'call me at [phone] tomorrow'],
    ['dashed phone', 'my number is 617-555-0123', 'my number is [phone]'],
    ['international phone', 'reach me on +44 20 7946 0958 today', 'reach me on [phone] today'],
    ['dotted phone', 'text 617.555.0123', 'text [phone]'],
    ['ID number', 'my id is 912345678 and it fails', 'my id is [number] and it fails'],
    ['digits glued to letters', 'employee E00912345', 'employee E[number]'],
  ])('%s', (_name, input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each([
    'is the deadline 2021-02-17 or later',
    'due 2/17/2021?',
    'group 2 for 2021 2022',
    'is zip 02139 campus included',
    'module 3 takes 45 minutes',
    'what if i started in 2020',
  ])('keeps %j as it is', (input) => {
    const result = redact(input);
    expect(result.text).toBe(input);
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
  });

  it('counts what it replaced', () => {
    const { counts } = redact('a@b.io, c@d.io and <@U1ABC> at 617-555-0123');
    expect(counts).toMatchObject({ email: 2, user: 1, phone: 1 });
  });
});

describe('redactQuestion', () => {
  it('decodes the entities Slack sends and redacts what they hid', () => {
    expect(redactQuestion('is &lt;!channel&gt; &amp; email x@y.com   ok')).toBe(
      `is ${REDACTED.broadcast} & email ${REDACTED.email} ok`,
    );
  });

  it('is stable: redacting twice changes nothing more', () => {
    const once = redactQuestion('mail jo@example.com or call 617 555 0123, id 12345678');
    expect(redactQuestion(once)).toBe(once);
    expect(once).toBe('mail [email] or call [phone], id [number]');
  });
});
