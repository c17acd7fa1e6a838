// manifest.yml validates against Slack's manifest schema and declares exactly what the app uses.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const schema = JSON.parse(
  readFileSync(resolve(REPO_ROOT, 'test/fixtures/slack/manifest.schema.json'), 'utf8'),
) as object;

interface Manifest {
  display_information: { name: string; description?: string; background_color?: string };
  features: {
    app_home: Record<string, boolean>;
    assistant_view?: { assistant_description: string; suggested_prompts?: unknown[] };
    bot_user: { display_name: string; always_online?: boolean };
    slash_commands: {
      command: string;
      url?: string;
      description: string;
      usage_hint?: string;
      should_escape?: boolean;
    }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
  };
}

function loadManifest(): Manifest {
  return parse(readFileSync(resolve(REPO_ROOT, 'manifest.yml'), 'utf8')) as Manifest;
}

function validator() {
  // The schema's one `format` is `uri`; ajv-formats is not installed, so register that one by hand.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}

describe('manifest.yml', () => {
  it("validates against Slack's manifest schema", () => {
    const validate = validator();
    const valid = validate(loadManifest());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each<[string, (m: Manifest) => void, string]>([
    [
      'a command without its slash',
      (m) => Object.assign(m.features.slash_commands[0]!, { command: 'harassment' }),
      '/features/slash_commands/0/command',
    ],
    [
      'a name over 35 characters',
      (m) => Object.assign(m.display_information, { name: 'x'.repeat(36) }),
      '/display_information/name',
    ],
    ['an unknown setting', (m) => Object.assign(m.settings, { colour: 'blue' }), '/settings'],
    [
      'a bot user without display name',
      (m) => Object.assign(m.features, { bot_user: { always_online: true } }),
      '/features/bot_user',
    ],
  ])('the schema check catches %s', (_name, breakIt, instancePath) => {
    const manifest = loadManifest();
    breakIt(manifest);
    const validate = validator();
    expect(validate(manifest)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(instancePath);
  });

  it('declares the one slash command with its subcommands in the usage hint', () => {
    const { slash_commands } = loadManifest().features;
    expect(slash_commands.map((c) => c.command)).toEqual(['/harassment-training']);
    const [command] = slash_commands;
    expect(command?.usage_hint).toBe(
      '[status | ask <question> | questions | modules | schedule | contacts | help]',
    );
    expect(command?.should_escape).toBe(false);
    expect(command?.description.length).toBeGreaterThan(0);
  });

  it('subscribes to exactly the events the app listens to', () => {
    expect(loadManifest().settings.event_subscriptions.bot_events.toSorted()).toEqual([
      'app_home_opened',
      'app_mention',
      'assistant_thread_context_changed',
      'assistant_thread_started',
      'message.im',
    ]);
  });

  it('asks for the minimum bot scopes', () => {
    expect(loadManifest().oauth_config.scopes.bot.toSorted()).toEqual([
      'app_mentions:read',
      'assistant:write',
      'chat:write',
      'commands',
      'files:write',
      'im:history',
      'im:write',
      'users:read',
      'users:read.email',
    ]);
  });

  it("explains every bot scope in the README's scope table, and no other", () => {
    const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
    const explained = [...readme.matchAll(/^\| `([a-z_.:]+)` \| \S.*\|$/gm)]
      .map((m) => m[1])
      .filter((name) => name?.includes(':') || name === 'commands');
    expect(explained.toSorted()).toEqual(loadManifest().oauth_config.scopes.bot.toSorted());
  });

  it("turns on Slack's assistant view, described, with the prompts left to content", () => {
    const view = loadManifest().features.assistant_view;
    expect(view?.assistant_description.length).toBeGreaterThan(0);
    expect(view?.suggested_prompts).toBeUndefined();
    // Not the newer agent view: there Slack ignores assistant.threads calls that name a thread_ts, as ours do.
    expect(loadManifest().features).not.toHaveProperty('agent_view');
  });

  it('has a Home tab, a writable Messages tab, an always-online bot and interactivity', () => {
    const manifest = loadManifest();
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features.bot_user.always_online).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it("sends commands, events and interactions to Bolt's one endpoint, /slack/events", () => {
    const manifest = loadManifest();
    const urls = [
      manifest.features.slash_commands[0]?.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    expect(new Set(urls).size).toBe(1);
    expect(new URL(urls[0] ?? '').pathname).toBe('/slack/events');
  });
});
