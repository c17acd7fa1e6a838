// app_home_opened when the Home cannot be built (the records not answering): the person sees a Home that
// says so and what still works, not nothing.
import type { Logger, webApi } from '@slack/bolt';
import { expect, it } from 'vitest';
import type { Bot } from '../../src/bot/index.js';
import type { ChartFiles } from '../../src/slack/charts.js';
import { handleHomeOpened } from '../../src/slack/listeners/events/handle-home-opened.js';
import { TEXT } from '../../src/text/messages.js';
import { blockText } from './app-harness.js';

it('publishes a Home saying the records are not answering and that questions still work', async () => {
  const published: { user_id: string; view: { blocks: unknown } }[] = [];
  const logs: string[] = [];
  const logger = {
    error: (m: string) => logs.push(m),
    warn: () => {},
    info: () => {},
    debug: () => {},
  } as unknown as Logger;
  const client = {
    views: { publish: async (args: { user_id: string; view: { blocks: unknown } }) => published.push(args) },
  } as unknown as webApi.WebClient;
  const bot = {
    home: () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    },
    homeOverflow: '…',
  } as unknown as Bot;
  await handleHomeOpened(
    {
      bot,
      viewerFor: async () => ({ slackUserId: 'U1', email: null, profile: null, grants: [] }),
      logger,
      // The Home is published through Bolt's client: the replies' caller is not reached.
      replies: undefined as never,
      charts: {} as ChartFiles,
    },
    'U1',
    { client, logger },
  );
  expect(published).toHaveLength(1);
  expect(published[0]?.user_id).toBe('U1');
  expect(blockText(published[0]?.view.blocks)).toContain(TEXT.homeUnavailable.slice(0, 40));
  expect(logs.some((l) => l.includes('Building the App Home failed'))).toBe(true);
});
