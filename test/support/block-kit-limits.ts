// Checks any payload the app sends against the Block Kit and message limits (test/fixtures/slack/block-kit-limits.md).
// Slack rejects an over-limit payload with a terse `invalid_blocks`; this names the exact place instead.
import { LIMITS } from '../../src/slack/views/limits.js';

export { LIMITS };

export type Surface = 'message' | 'modal' | 'home';

/** The method name the Slack stand-in records for a POST to a `response_url`. */
export const RESPONSE_URL_METHOD = 'response_url';

export class BlockKitLimitError extends Error {
  constructor(
    readonly surface: Surface | string,
    readonly violations: readonly string[],
  ) {
    super(
      `${violations.length} Block Kit limit violation(s) in a ${surface} payload:\n  ${violations.join('\n  ')}`,
    );
    this.name = 'BlockKitLimitError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Web API arguments sent form-encoded arrive as JSON strings; accept both shapes. */
function decoded(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Collects violations. Lengths are UTF-16 code units (`String.length`): never fewer than the characters Slack
 * counts, so a payload that passes here is not over the limit there.
 */
class Checker {
  readonly violations: string[] = [];

  add(path: string, message: string): void {
    this.violations.push(`${path}: ${message}`);
  }

  maxLength(path: string, value: unknown, limit: number): void {
    if (typeof value === 'string' && value.length > limit) {
      this.add(path, `${value.length} characters, the limit is ${limit}`);
    }
  }

  maxCount(path: string, items: readonly unknown[], limit: number, noun: string, context = ''): void {
    if (items.length > limit) this.add(path, `${items.length} ${noun}, the limit is ${limit}${context}`);
  }

  requiredString(path: string, value: unknown): value is string {
    if (typeof value !== 'string') {
      this.add(path, value === undefined ? 'missing' : `expected a string, got ${JSON.stringify(value)}`);
      return false;
    }
    return true;
  }

  /** A text object (`{ type, text }`); returns its text when present. */
  textObject(
    path: string,
    value: unknown,
    limit: number,
    options: { min?: number } = {},
  ): string | undefined {
    if (!isObject(value)) {
      this.add(
        path,
        value === undefined ? 'missing' : `expected a text object, got ${JSON.stringify(value)}`,
      );
      return undefined;
    }
    if (!this.requiredString(`${path}.text`, value['text'])) return undefined;
    const text = value['text'];
    const min = options.min ?? 0;
    if (text.length < min) this.add(`${path}.text`, `empty, it needs ${min} to ${limit} characters`);
    this.maxLength(`${path}.text`, text, limit);
    return text;
  }

  array(path: string, value: unknown): unknown[] | undefined {
    if (value === undefined) return undefined;
    const parsed = decoded(value);
    if (!Array.isArray(parsed)) {
      this.add(path, `expected a list, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return parsed;
  }

  blocks(path: string, value: unknown, limit: number, surface: Surface): void {
    const blocks = this.array(path, value);
    if (!blocks) return;
    this.maxCount(path, blocks, limit, 'blocks', ` for a ${surface}`);
    // "block_id should be unique for each message" (Block Kit reference): Slack refuses a repeated one.
    const seen = new Map<unknown, number>();
    blocks.forEach((block, i) => {
      this.block(`${path}[${i}]`, block);
      const id = isObject(block) ? block['block_id'] : undefined;
      if (id === undefined) return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else this.add(`${path}[${i}].block_id`, `${JSON.stringify(id)} repeats ${path}[${first}]'s`);
    });
  }

  block(path: string, block: unknown): void {
    if (!isObject(block)) {
      this.add(path, `expected a block object, got ${JSON.stringify(block)}`);
      return;
    }
    this.maxLength(`${path}.block_id`, block['block_id'], LIMITS.id);
    switch (block['type']) {
      case 'section':
        this.section(path, block);
        break;
      case 'header':
        this.textObject(`${path}.text`, block['text'], LIMITS.headerText, { min: 1 });
        break;
      case 'context': {
        const elements = this.array(`${path}.elements`, block['elements']) ?? [];
        this.maxCount(`${path}.elements`, elements, LIMITS.contextElements, 'elements');
        elements.forEach((element, i) => {
          this.contextElement(`${path}.elements[${i}]`, element);
        });
        break;
      }
      case 'actions': {
        const elements = this.array(`${path}.elements`, block['elements']) ?? [];
        this.maxCount(`${path}.elements`, elements, LIMITS.actionsElements, 'elements');
        elements.forEach((element, i) => {
          this.element(`${path}.elements[${i}]`, element);
        });
        break;
      }
      case 'context_actions': {
        const elements = this.array(`${path}.elements`, block['elements']) ?? [];
        this.maxCount(`${path}.elements`, elements, LIMITS.contextActionsElements, 'elements');
        elements.forEach((element, i) => {
          this.element(`${path}.elements[${i}]`, element);
        });
        break;
      }
      case 'input':
        this.textObject(`${path}.label`, block['label'], LIMITS.inputLabel, { min: 1 });
        this.maxLength(
          `${path}.hint.text`,
          isObject(block['hint']) ? block['hint']['text'] : undefined,
          2000,
        );
        this.element(`${path}.element`, block['element']);
        break;
      case 'image': {
        this.maxLength(`${path}.image_url`, block['image_url'], LIMITS.url);
        const alt = block['alt_text'];
        if (typeof alt !== 'string' || alt === '') this.add(`${path}.alt_text`, 'an image needs alt_text');
        else this.maxLength(`${path}.alt_text`, alt, LIMITS.imageAltText);
        if (block['title'] !== undefined)
          this.textObject(`${path}.title`, block['title'], LIMITS.imageAltText);
        // Exactly one source; a Slack file by exactly one of its id and its URL.
        const file = block['slack_file'];
        if ((block['image_url'] === undefined) === (file === undefined))
          this.add(path, 'an image needs exactly one of image_url and slack_file');
        if (
          file !== undefined &&
          (!isObject(file) || (file['id'] === undefined) === (file['url'] === undefined))
        )
          this.add(`${path}.slack_file`, 'a Slack file needs exactly one of id and url');
        break;
      }
      default:
        // divider, rich_text and the rest carry no limit this app can reach
        break;
    }
  }

  section(path: string, block: Json): void {
    const hasText = block['text'] !== undefined;
    if (hasText) this.textObject(`${path}.text`, block['text'], LIMITS.sectionText, { min: 1 });
    const fields = this.array(`${path}.fields`, block['fields']);
    if (fields) {
      this.maxCount(`${path}.fields`, fields, LIMITS.sectionFields, 'fields');
      fields.forEach((field, i) => {
        this.textObject(`${path}.fields[${i}]`, field, LIMITS.sectionFieldText, { min: 1 });
      });
    }
    if (!hasText && !fields) this.add(path, 'a section needs text or fields');
    if (block['accessory'] !== undefined) this.element(`${path}.accessory`, block['accessory']);
  }

  contextElement(path: string, element: unknown): void {
    if (!isObject(element)) {
      this.add(path, `expected an element object, got ${JSON.stringify(element)}`);
      return;
    }
    if (element['type'] === 'image') this.maxLength(`${path}.image_url`, element['image_url'], LIMITS.url);
    else this.textObject(path, element, LIMITS.sectionText, { min: 1 });
  }

  element(path: string, element: unknown): void {
    if (!isObject(element)) {
      this.add(
        path,
        element === undefined ? 'missing' : `expected an element, got ${JSON.stringify(element)}`,
      );
      return;
    }
    this.maxLength(`${path}.action_id`, element['action_id'], LIMITS.id);
    if (element['placeholder'] !== undefined) {
      this.textObject(`${path}.placeholder`, element['placeholder'], LIMITS.placeholder);
    }
    switch (element['type']) {
      case 'button':
        this.textObject(`${path}.text`, element['text'], LIMITS.buttonText, { min: 1 });
        this.maxLength(`${path}.value`, element['value'], LIMITS.buttonValue);
        this.maxLength(`${path}.url`, element['url'], LIMITS.url);
        break;
      case 'feedback_buttons':
        for (const side of ['positive_button', 'negative_button'] as const) {
          const b = element[side];
          if (!isObject(b)) {
            this.add(`${path}.${side}`, 'missing; feedback buttons need both');
            continue;
          }
          this.textObject(`${path}.${side}.text`, b['text'], LIMITS.buttonText, { min: 1 });
          if (this.requiredString(`${path}.${side}.value`, b['value']))
            this.maxLength(`${path}.${side}.value`, b['value'], LIMITS.buttonValue);
          this.maxLength(`${path}.${side}.accessibility_label`, b['accessibility_label'], LIMITS.buttonText);
        }
        break;
      case 'static_select':
      case 'multi_static_select':
        this.options(path, element, LIMITS.staticSelectOptions);
        break;
      case 'overflow':
        this.options(path, element, LIMITS.overflowOptions);
        break;
      case 'checkboxes':
      case 'radio_buttons':
        this.options(path, element, LIMITS.choiceOptions);
        break;
      default:
        break;
    }
  }

  options(path: string, element: Json, limit: number): void {
    const options = this.array(`${path}.options`, element['options']);
    const groups = this.array(`${path}.option_groups`, element['option_groups']);
    const all: { path: string; option: unknown }[] = [];
    options?.forEach((option, i) => {
      all.push({ path: `${path}.options[${i}]`, option });
    });
    groups?.forEach((group, g) => {
      const inGroup = isObject(group)
        ? (this.array(`${path}.option_groups[${g}].options`, group['options']) ?? [])
        : [];
      inGroup.forEach((option, i) => {
        all.push({ path: `${path}.option_groups[${g}].options[${i}]`, option });
      });
    });
    if (all.length > limit) {
      this.add(
        `${path}.${groups ? 'option_groups' : 'options'}`,
        `${all.length} options, the limit is ${limit}`,
      );
    }
    for (const { path: optionPath, option } of all) this.option(optionPath, option);
    if (element['initial_option'] !== undefined)
      this.option(`${path}.initial_option`, element['initial_option']);
  }

  option(path: string, option: unknown): void {
    if (!isObject(option)) {
      this.add(path, `expected an option object, got ${JSON.stringify(option)}`);
      return;
    }
    this.textObject(`${path}.text`, option['text'], LIMITS.optionText, { min: 1 });
    this.maxLength(`${path}.value`, option['value'], LIMITS.optionValue);
    if (isObject(option['description'])) {
      this.maxLength(`${path}.description.text`, option['description']['text'], LIMITS.optionDescription);
    }
    this.maxLength(`${path}.url`, option['url'], LIMITS.url);
  }

  message(path: string, payload: Json): void {
    const text = payload['text'];
    const hasBlocks = payload['blocks'] !== undefined;
    // A response_url may only delete the original message, which needs no content at all.
    const deletesOnly = payload['delete_original'] === true || payload['delete_original'] === 'true';
    if (typeof text === 'string' && text.trim() !== '') {
      this.maxLength(`${path}text`, text, LIMITS.messageText);
    } else if (hasBlocks) {
      this.add(
        `${path}text`,
        text === undefined
          ? 'missing; a message with blocks needs a top-level text for notifications and screen readers'
          : `${JSON.stringify(text)} is empty; a message with blocks needs a top-level text for notifications and screen readers`,
      );
    } else if (!deletesOnly && payload['attachments'] === undefined) {
      this.add(`${path}text`, 'missing; a message needs text or blocks');
    }
    this.blocks(`${path}blocks`, payload['blocks'], LIMITS.messageBlocks, 'message');
  }

  view(path: string, view: Json, surface: 'modal' | 'home'): void {
    if (view['type'] !== surface) {
      this.add(`${path}type`, `${JSON.stringify(view['type'])}, expected "${surface}"`);
    }
    if (surface === 'modal') {
      this.textObject(`${path}title`, view['title'], LIMITS.modalTitle, { min: 1 });
      if (view['submit'] !== undefined) this.textObject(`${path}submit`, view['submit'], LIMITS.modalButton);
      if (view['close'] !== undefined) this.textObject(`${path}close`, view['close'], LIMITS.modalButton);
      const blocks = decoded(view['blocks']);
      if (
        view['submit'] === undefined &&
        Array.isArray(blocks) &&
        blocks.some((b) => isObject(b) && b['type'] === 'input')
      ) {
        this.add(`${path}submit`, 'missing; a modal with input blocks needs a submit button');
      }
    }
    this.maxLength(`${path}private_metadata`, view['private_metadata'], LIMITS.privateMetadata);
    this.maxLength(`${path}callback_id`, view['callback_id'], LIMITS.id);
    this.maxLength(`${path}external_id`, view['external_id'], LIMITS.id);
    if (view['blocks'] === undefined) this.add(`${path}blocks`, 'missing');
    this.blocks(`${path}blocks`, view['blocks'], LIMITS.viewBlocks, surface);
  }
}

/**
 * Every limit the payload breaks, each naming where: `blocks[3].text.text: 3120 characters, the limit is 3000`.
 * For 'message' the payload is the message (`text`, `blocks`, …); for 'modal' and 'home' it is the view object.
 */
export function checkBlockKitLimits(payload: unknown, surface: Surface): string[] {
  const checker = new Checker();
  const value = decoded(payload);
  if (!isObject(value)) {
    checker.add('(payload)', `expected an object, got ${JSON.stringify(payload)}`);
    return checker.violations;
  }
  switch (surface) {
    case 'message':
      checker.message('', value);
      break;
    case 'modal':
    case 'home':
      checker.view('', value, surface);
      break;
    default:
      surface satisfies never;
  }
  return checker.violations;
}

/** Throws a BlockKitLimitError listing every violation, or returns the payload unchanged. */
export function assertWithinLimits<T>(payload: T, surface: Surface): T {
  const violations = checkBlockKitLimits(payload, surface);
  if (violations.length > 0) throw new BlockKitLimitError(surface, violations);
  return payload;
}

const MESSAGE_METHODS = new Set([
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'chat.scheduleMessage',
  RESPONSE_URL_METHOD,
]);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);

/**
 * The limit check that fits one recorded Web API call (or `response_url` post); an empty list for methods
 * that carry no message or view (auth.test, users.info, conversations.open, …). View paths start `view.`.
 */
export function checkRecordedCall(method: string, args: unknown): string[] {
  const isMessage = MESSAGE_METHODS.has(method);
  const isView = VIEW_METHODS.has(method);
  if (!isMessage && !isView) return [];
  const checker = new Checker();
  if (!isObject(args)) {
    checker.add('(args)', `expected an object, got ${JSON.stringify(args)}`);
    return checker.violations;
  }
  if (isMessage) {
    checker.message('', args);
    return checker.violations;
  }
  const view = decoded(args['view']);
  if (!isObject(view)) {
    checker.add(
      'view',
      view === undefined ? 'missing' : `expected a view object, got ${JSON.stringify(view)}`,
    );
    return checker.violations;
  }
  // views.update can replace a Home tab as well as a modal; the view says which it is.
  const surface =
    method === 'views.publish' || (method === 'views.update' && view['type'] === 'home') ? 'home' : 'modal';
  checker.view('view.', view, surface);
  return checker.violations;
}
