// app_home_opened: the Home tab, built for the person who opened it. An admin's Home carries the completion
// chart: uploaded first (once per picture), then shown by an image block on the file.
import type { Logger, webApi } from '@slack/bolt';
import { TEXT } from '../../../text/messages.js';
import { text } from '../../../text/reply.js';
import { imageParts } from '../../charts.js';
import { attempt, describeSlackError } from '../../send.js';
import { type ImageFiles, renderHome } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

/** Slack takes a moment to process an upload; these waits cover it in practice. */
export const DEFAULT_IMAGE_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slackCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export async function handleHomeOpened(
  deps: ListenerDeps,
  userId: string,
  { client, logger }: { client: webApi.WebClient; logger: Logger },
): Promise<void> {
  try {
    const viewer = await deps.viewerFor(userId);
    const home = await deps.bot.home(viewer);
    let images: ImageFiles = new Map();
    if (imageParts(home.parts).length > 0) {
      try {
        images = await deps.charts.forView(home.parts, client);
      } catch (error) {
        // The Home is shown all the same, without its picture.
        logger.error(`Uploading the App Home chart failed: ${describeSlackError(error)}`);
      }
    }
    const publish = (files: ImageFiles) =>
      client.views.publish({ user_id: userId, view: renderHome(home, deps.bot.homeOverflow, files) });
    if (images.size === 0) {
      await attempt(logger, 'views.publish (App Home)', () => publish(images));
      return;
    }
    for (const delay of [...(deps.imageRetryDelaysMs ?? DEFAULT_IMAGE_RETRY_DELAYS_MS), null]) {
      try {
        await publish(images);
        return;
      } catch (error) {
        if (slackCode(error) !== 'invalid_blocks') throw error;
        if (delay === null) break;
        await sleep(delay);
      }
    }
    logger.warn('The App Home chart was not ready in time: published without it.');
    await attempt(logger, 'views.publish (App Home)', () => publish(new Map()));
  } catch (error) {
    logger.error(`Building the App Home failed: ${describeSlackError(error)}`);
    // Acknowledged means answered: the Home says what failed and what still works, rather than nothing.
    const fallback = { parts: [text(TEXT.homeUnavailable)] };
    await attempt(logger, 'views.publish (App Home, unavailable)', () =>
      client.views.publish({ user_id: userId, view: renderHome(fallback, deps.bot.homeOverflow) }),
    );
  }
}
