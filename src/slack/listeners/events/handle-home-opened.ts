// app_home_opened: the Home tab, built for the person who opened it.
import type { Logger, webApi } from '@slack/bolt';
import { attempt, describeSlackError } from '../../send.js';
import { renderHome } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

export async function handleHomeOpened(
  deps: ListenerDeps,
  userId: string,
  { client, logger }: { client: webApi.WebClient; logger: Logger },
): Promise<void> {
  try {
    const viewer = await deps.viewerFor(userId);
    const view = renderHome(deps.bot.home(viewer), deps.bot.homeOverflow);
    await attempt(logger, 'views.publish (App Home)', () => client.views.publish({ user_id: userId, view }));
  } catch (error) {
    logger.error(`Building the App Home failed: ${describeSlackError(error)}`);
  }
}
