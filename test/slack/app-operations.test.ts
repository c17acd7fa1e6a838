// What the receiver refuses, /healthz, the manifest against the listeners, and a clean stop.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Subcommand } from '../../src/bot/index.js';
import { LISTENER_MODULES } from '../../src/slack/app.js';
import type { ListenerDeps } from '../../src/slack/listeners/deps.js';
import { RESPONSE_URL_METHOD } from '../support/block-kit-limits.js';
import { slackTimestamp } from '../support/slack-signing.js';
import { PEOPLE, SIGNING_SECRET, startHarness, useHarness } from './app-harness.js';

const h = useHarness();

describe('requests not signed by Slack', () => {
  it.each([
    ['a bad signature', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['another secret', { signingSecret: `${SIGNING_SECRET}-not` }],
    ['a timestamp older than five minutes', { timestamp: slackTimestamp() - 6 * 60 }],
  ])('are refused with 401 when they carry %s, and no listener runs', async (_name, signed) => {
    const dm = await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I access the training?', signed);
    const cmd = await h.client.sendCommand({
      userId: PEOPLE.bram.id,
      text: 'status',
      responseUrl: h.standIn.responseUrl(),
      ...signed,
    });
    expect([dm.status, cmd.status]).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.standIn.calls).toEqual([]);
  });
});

describe('GET /healthz', () => {
  it('reports the content loaded and the database reachable', async () => {
    const response = await fetch(`http://127.0.0.1:${h.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      content: { ok: true, faqEntries: h.content.faq.entries.length },
      database: { ok: true },
      slack: { ok: true },
      inFlight: 0,
    });
  });
});

describe('manifest.yml and the listeners', () => {
  interface Manifest {
    features: { slash_commands: { command: string }[] };
    settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
  }
  const manifest = parse(
    readFileSync(resolve(import.meta.dirname, '../../manifest.yml'), 'utf8'),
  ) as Manifest;

  function registered() {
    const seen = { events: [] as string[], commands: [] as string[], interactions: 0 };
    const fake = {
      event: (name: string) => seen.events.push(name),
      command: (name: string) => seen.commands.push(name),
      action: () => (seen.interactions += 1),
      view: () => (seen.interactions += 1),
      // Bolt's Assistant takes the two assistant events (and threaded DMs, which are message.im).
      assistant: () => seen.events.push('assistant_thread_started', 'assistant_thread_context_changed'),
    } as unknown as App;
    for (const module of Object.values(LISTENER_MODULES)) module.register(fake, {} as ListenerDeps);
    return seen;
  }

  it('every subscribed event has a listener, and every listener a subscription', () => {
    // The message listener answers only channel_type "im" (tested in app-dm): that is the message.im event.
    const events = registered().events.map((e) => (e === 'message' ? 'message.im' : e));
    expect(events.toSorted()).toEqual(manifest.settings.event_subscriptions.bot_events.toSorted());
  });

  it('every slash command has a listener, and every command listener is in the manifest', () => {
    expect(registered().commands).toEqual(manifest.features.slash_commands.map((c) => c.command));
  });

  it('interactivity is on because there are button and modal listeners', () => {
    expect(registered().interactions).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});

describe('stopping', () => {
  it('acknowledges at once, then finishes the work in flight before stop() resolves', async () => {
    let release: () => void = () => {};
    const slow: Subcommand = {
      name: 'slow',
      usage: 'slow',
      description: 'waits',
      run: () =>
        new Promise((resolve) => {
          release = () =>
            resolve({ type: 'message', private: true, message: { text: 'done slowly', parts: [] } });
        }),
    };
    const own = await startHarness({ subcommands: [slow], processBeforeResponse: false });
    try {
      const responseUrl = own.standIn.responseUrl();
      const ack = await own.client.sendCommand({ userId: PEOPLE.bram.id, text: 'slow', responseUrl });
      expect(ack.status).toBe(200);
      expect(own.slack.inFlight).toBe(1);
      const stopped = own.slack.stop(5000);
      setTimeout(() => release(), 50);
      await stopped;
      expect(own.standIn.responsesTo(responseUrl).map((c) => [c.method, c.args['text']])).toEqual([
        [RESPONSE_URL_METHOD, 'done slowly'],
      ]);
      // Stopped: no new requests are taken.
      await expect(fetch(`http://127.0.0.1:${own.port}/healthz`)).rejects.toThrow();
    } finally {
      await own.standIn.close();
      await own.store.close();
    }
  });
});
