// Block Kit limits (test/fixtures/slack/block-kit-limits.md): one violating payload per limit, and payloads
// exactly at every limit that must pass. Also the mrkdwn escaping of text that came from a person.
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/slack/escape.js';
import {
  assertWithinLimits,
  BlockKitLimitError,
  checkBlockKitLimits,
  checkRecordedCall,
  RESPONSE_URL_METHOD,
  type Surface,
} from '../support/block-kit-limits.js';

const x = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (overrides: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'related',
  text: plain('Related question'),
  value: 'faq-1',
  ...overrides,
});
const feedback = (overrides: Record<string, unknown> = {}) => ({
  type: 'feedback_buttons',
  action_id: 'answer_feedback',
  positive_button: { text: plain('👍'), value: 'up:faq-1' },
  negative_button: { text: plain('👎'), value: 'down:faq-1' },
  ...overrides,
});
const option = (text = 'Staff', value = 'staff') => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`Option ${i}`, `v${i}`));
const message = (...blocks: unknown[]) => ({ text: 'Fallback text', blocks });
const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'profile-check',
  title: plain('A short check'),
  submit: plain('Check'),
  close: plain('Cancel'),
  blocks: [section('Answer a few questions.')],
  ...overrides,
});
const home = (overrides: Record<string, unknown> = {}) => ({
  type: 'home',
  blocks: [section('Hi')],
  ...overrides,
});
const input = (element: unknown) => ({ type: 'input', block_id: 'role', label: plain('Your role'), element });

describe('checkBlockKitLimits', () => {
  it.each<[string, Surface, unknown, string]>([
    [
      'blocks per message',
      'message',
      message(...Array.from({ length: 51 }, () => section('a'))),
      'blocks: 51 blocks, the limit is 50 for a message',
    ],
    [
      'blocks per modal',
      'modal',
      modal({ blocks: Array.from({ length: 101 }, () => section('a')) }),
      'blocks: 101 blocks, the limit is 100 for a modal',
    ],
    [
      'blocks per Home tab',
      'home',
      home({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
      'blocks: 101 blocks, the limit is 100 for a home',
    ],
    [
      'section text too long',
      'message',
      message(section('a'), section(x(3001))),
      'blocks[1].text.text: 3001 characters, the limit is 3000',
    ],
    [
      'section text empty',
      'message',
      message(section('')),
      'blocks[0].text.text: empty, it needs 1 to 3000 characters',
    ],
    [
      'section without text or fields',
      'message',
      message({ type: 'section' }),
      'blocks[0]: a section needs text or fields',
    ],
    [
      'section fields count',
      'message',
      message({ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }),
      'blocks[0].fields: 11 fields, the limit is 10',
    ],
    [
      'section field length',
      'message',
      message({ type: 'section', fields: [mrkdwn('a'), mrkdwn(x(2001))] }),
      'blocks[0].fields[1].text: 2001 characters, the limit is 2000',
    ],
    [
      'header text',
      'message',
      message({ type: 'header', text: plain(x(151)) }),
      'blocks[0].text.text: 151 characters, the limit is 150',
    ],
    [
      'context elements',
      'message',
      message({ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }),
      'blocks[0].elements: 11 elements, the limit is 10',
    ],
    [
      'actions elements',
      'message',
      message({
        type: 'actions',
        elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })),
      }),
      'blocks[0].elements: 26 elements, the limit is 25',
    ],
    [
      'button text',
      'message',
      message({ type: 'actions', elements: [button({ text: plain(x(76)) })] }),
      'blocks[0].elements[0].text.text: 76 characters, the limit is 75',
    ],
    [
      'button value',
      'message',
      message({ type: 'actions', elements: [button({ value: x(2001) })] }),
      'blocks[0].elements[0].value: 2001 characters, the limit is 2000',
    ],
    [
      'button url',
      'message',
      message({ ...section('a'), accessory: button({ url: `https://example.edu/${x(2981)}` }) }),
      'blocks[0].accessory.url: 3001 characters, the limit is 3000',
    ],
    [
      'action_id',
      'message',
      message({ type: 'actions', elements: [button({ action_id: x(256) })] }),
      'blocks[0].elements[0].action_id: 256 characters, the limit is 255',
    ],
    [
      'block_id',
      'message',
      message({ ...section('a'), block_id: x(256) }),
      'blocks[0].block_id: 256 characters, the limit is 255',
    ],
    [
      'a repeated block_id',
      'message',
      message({ ...section('a'), block_id: 'b' }, { ...section('c'), block_id: 'b' }),
      'blocks[1].block_id: "b" repeats blocks[0]\'s',
    ],
    ['callback_id', 'modal', modal({ callback_id: x(256) }), 'callback_id: 256 characters, the limit is 255'],
    [
      'static select options',
      'message',
      message({
        ...section('a'),
        accessory: { type: 'static_select', action_id: 's', options: options(101) },
      }),
      'blocks[0].accessory.options: 101 options, the limit is 100',
    ],
    [
      'static select option groups',
      'modal',
      modal({
        blocks: [
          input({
            type: 'static_select',
            action_id: 's',
            option_groups: [
              { label: plain('A'), options: options(60) },
              { label: plain('B'), options: options(41) },
            ],
          }),
        ],
      }),
      'blocks[0].element.option_groups: 101 options, the limit is 100',
    ],
    [
      'checkbox options',
      'modal',
      modal({ blocks: [input({ type: 'checkboxes', action_id: 'c', options: options(11) })] }),
      'blocks[0].element.options: 11 options, the limit is 10',
    ],
    [
      'radio options',
      'modal',
      modal({ blocks: [input({ type: 'radio_buttons', action_id: 'r', options: options(11) })] }),
      'blocks[0].element.options: 11 options, the limit is 10',
    ],
    [
      'option text',
      'modal',
      modal({
        blocks: [input({ type: 'radio_buttons', action_id: 'r', options: [option('a'), option(x(76))] })],
      }),
      'blocks[0].element.options[1].text.text: 76 characters, the limit is 75',
    ],
    [
      'option value',
      'modal',
      modal({ blocks: [input({ type: 'static_select', action_id: 's', options: [option('a', x(76))] })] }),
      'blocks[0].element.options[0].value: 76 characters, the limit is 75',
    ],
    ['modal title', 'modal', modal({ title: plain(x(25)) }), 'title.text: 25 characters, the limit is 24'],
    ['modal title missing', 'modal', modal({ title: undefined }), 'title: missing'],
    ['modal submit', 'modal', modal({ submit: plain(x(25)) }), 'submit.text: 25 characters, the limit is 24'],
    ['modal close', 'modal', modal({ close: plain(x(25)) }), 'close.text: 25 characters, the limit is 24'],
    [
      'modal inputs without submit',
      'modal',
      modal({ submit: undefined, blocks: [input({ type: 'plain_text_input', action_id: 'p' })] }),
      'submit: missing; a modal with input blocks needs a submit button',
    ],
    [
      'modal private_metadata',
      'modal',
      modal({ private_metadata: x(3001) }),
      'private_metadata: 3001 characters, the limit is 3000',
    ],
    [
      'home private_metadata',
      'home',
      home({ private_metadata: x(3001) }),
      'private_metadata: 3001 characters, the limit is 3000',
    ],
    ['view of the wrong type', 'home', modal(), 'type: "modal", expected "home"'],
    [
      'message text missing beside blocks',
      'message',
      { blocks: [section('a')] },
      'text: missing; a message with blocks needs a top-level text for notifications and screen readers',
    ],
    [
      'message text blank beside blocks',
      'message',
      { text: ' ', blocks: [section('a')] },
      'text: " " is empty; a message with blocks needs a top-level text for notifications and screen readers',
    ],
    [
      'message without text or blocks',
      'message',
      { channel: 'C1' },
      'text: missing; a message needs text or blocks',
    ],
    [
      'context actions block with six elements',
      'message',
      message({ type: 'context_actions', elements: Array.from({ length: 6 }, () => feedback()) }),
      'blocks[0].elements: 6 elements, the limit is 5',
    ],
    [
      'feedback button label too long',
      'message',
      message({
        type: 'context_actions',
        elements: [feedback({ positive_button: { text: plain(x(76)), value: 'up:faq-1' } })],
      }),
      'blocks[0].elements[0].positive_button.text.text: 76 characters, the limit is 75',
    ],
    [
      'feedback buttons without a negative button',
      'message',
      message({ type: 'context_actions', elements: [feedback({ negative_button: undefined })] }),
      'blocks[0].elements[0].negative_button: missing; feedback buttons need both',
    ],
    [
      'message text over 40,000',
      'message',
      { text: x(40_001) },
      'text: 40001 characters, the limit is 40000',
    ],
  ])('%s', (_name, surface, payload, violation) => {
    expect(checkBlockKitLimits(payload, surface)).toEqual([violation]);
  });

  it('reports every violation of a payload, each with its place', () => {
    const payload = { blocks: [section(x(3001)), { type: 'header', text: plain(x(200)) }] };
    expect(checkBlockKitLimits(payload, 'message')).toEqual([
      'text: missing; a message with blocks needs a top-level text for notifications and screen readers',
      'blocks[0].text.text: 3001 characters, the limit is 3000',
      'blocks[1].text.text: 200 characters, the limit is 150',
    ]);
  });

  it('passes a message exactly at every limit', () => {
    const atLimits = {
      text: x(40_000),
      blocks: [
        { type: 'header', block_id: x(255), text: plain(x(150)) },
        { ...section(x(3000)), accessory: button({ text: plain(x(75)), value: x(2000), action_id: x(255) }) },
        { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) },
        { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
        { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` })) },
        { ...section('pick'), accessory: { type: 'static_select', action_id: 's', options: options(100) } },
        { ...section('link'), accessory: button({ url: `https://example.edu/${x(2980)}` }) },
        {
          type: 'context_actions',
          elements: Array.from({ length: 5 }, (_, i) =>
            feedback({
              action_id: `f${i}`,
              positive_button: { text: plain(x(75)), value: x(2000), accessibility_label: x(75) },
            }),
          ),
        },
        ...Array.from({ length: 42 }, () => ({ type: 'divider' })),
      ],
    };
    expect(atLimits.blocks).toHaveLength(50);
    expect(checkBlockKitLimits(atLimits, 'message')).toEqual([]);
  });

  it('passes a modal and a Home tab exactly at every limit', () => {
    const fullModal = modal({
      title: plain(x(24)),
      submit: plain(x(24)),
      close: plain(x(24)),
      callback_id: x(255),
      private_metadata: x(3000),
      blocks: [
        input({ type: 'checkboxes', action_id: 'c', options: options(10) }),
        {
          ...input({ type: 'radio_buttons', action_id: 'r', options: [option(x(75), x(75)), ...options(9)] }),
          block_id: 'area',
        },
        ...Array.from({ length: 98 }, () => section('a')),
      ],
    });
    expect(checkBlockKitLimits(fullModal, 'modal')).toEqual([]);
    const fullHome = home({
      private_metadata: x(3000),
      blocks: Array.from({ length: 100 }, () => section('a')),
    });
    expect(checkBlockKitLimits(fullHome, 'home')).toEqual([]);
  });

  it('accepts form-encoded blocks (a JSON string), as a recorded Web API call carries them', () => {
    expect(checkBlockKitLimits({ text: 'a', blocks: JSON.stringify([section(x(3001))]) }, 'message')).toEqual(
      ['blocks[0].text.text: 3001 characters, the limit is 3000'],
    );
  });
});

describe('assertWithinLimits', () => {
  it('returns a payload within the limits unchanged', () => {
    const payload = message(section('ok'));
    expect(assertWithinLimits(payload, 'message')).toBe(payload);
  });

  it('throws a BlockKitLimitError listing every violation', () => {
    const run = () => assertWithinLimits(modal({ title: plain(x(30)), private_metadata: x(3001) }), 'modal');
    expect(run).toThrow(BlockKitLimitError);
    expect(run).toThrow(
      '2 Block Kit limit violation(s) in a modal payload:\n  title.text: 30 characters, the limit is 24\n  private_metadata: 3001 characters, the limit is 3000',
    );
  });
});

describe('checkRecordedCall', () => {
  const tooLongSection = [section(x(3001))];
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'chat.postMessage',
      { channel: 'C1', blocks: tooLongSection },
      [
        'text: missing; a message with blocks needs a top-level text for notifications and screen readers',
        'blocks[0].text.text: 3001 characters, the limit is 3000',
      ],
    ],
    [
      'chat.postEphemeral',
      { channel: 'C1', user: 'U1', text: 'a', blocks: tooLongSection },
      ['blocks[0].text.text: 3001 characters, the limit is 3000'],
    ],
    [
      'chat.update',
      { channel: 'C1', ts: '1.1', text: 'a', blocks: tooLongSection },
      ['blocks[0].text.text: 3001 characters, the limit is 3000'],
    ],
    [
      RESPONSE_URL_METHOD,
      { text: 'a', blocks: tooLongSection, response_type: 'ephemeral' },
      ['blocks[0].text.text: 3001 characters, the limit is 3000'],
    ],
    [RESPONSE_URL_METHOD, { delete_original: true }, []],
    [
      'views.open',
      { trigger_id: 'T', view: modal({ title: plain(x(25)) }) },
      ['view.title.text: 25 characters, the limit is 24'],
    ],
    [
      'views.update',
      { view_id: 'V1', view: modal({ blocks: tooLongSection }) },
      ['view.blocks[0].text.text: 3001 characters, the limit is 3000'],
    ],
    [
      'views.update',
      { view_id: 'V1', view: home({ blocks: Array.from({ length: 101 }, () => section('a')) }) },
      ['view.blocks: 101 blocks, the limit is 100 for a home'],
    ],
    [
      'views.publish',
      { user_id: 'U1', view: JSON.stringify(home({ private_metadata: x(3001) })) },
      ['view.private_metadata: 3001 characters, the limit is 3000'],
    ],
    ['views.publish', { user_id: 'U1', view: modal() }, ['view.type: "modal", expected "home"']],
    ['views.open', { trigger_id: 'T' }, ['view: missing']],
    ['users.info', { user: 'U1' }, []],
    ['conversations.open', { users: 'U1' }, []],
  ])('%s %j', (method, args, violations) => {
    expect(checkRecordedCall(method, args)).toEqual(violations);
  });
});

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> help', '&lt;!channel&gt; help'],
    ['<@U123> and <#C123>', '&lt;@U123&gt; and &lt;#C123&gt;'],
    ['<https://evil.example|the course>', '&lt;https://evil.example|the course&gt;'],
    ['Q&A', 'Q&amp;A'],
    ['already &lt;escaped&gt;', 'already &amp;lt;escaped&amp;gt;'],
    ['a > b < c & d', 'a &gt; b &lt; c &amp; d'],
    ['*bold* _italic_ `code`', '*bold* _italic_ `code`'],
    ['', ''],
  ])('%j → %j', (text, escaped) => {
    expect(escapeMrkdwn(text)).toBe(escaped);
  });
});
