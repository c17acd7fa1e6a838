// The pictures of a reply, for Slack: each image part drawn as a PNG and uploaded. For a view (the App
// Home) the file stays private to the app and an image block shows it; the same picture is uploaded once
// (kept by what it shows), so opening the Home again does not upload it again. For a message, the PNG goes to
// the person's DM as a file with the message itself.
import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { renderCompletionChart } from '../reports/chart.js';
import type { Message, Part } from '../text/reply.js';
import { type ImageFiles, renderMessage } from './views/render.js';
import { createFileUploader, type UploadedFile } from './web-api/upload.js';

export type ImagePart = Extract<Part, { type: 'image' }>;

export interface ChartFilesOptions {
  /** PNG bytes for an image part (default: the completion chart). */
  render?: (part: ImagePart) => Promise<Uint8Array>;
  /** Pictures remembered (their Slack file ids) at most. */
  maxRemembered?: number;
}

export interface ChartFiles {
  /** Uploads (privately) each image of the parts not uploaded before; their files by filename. */
  forView(parts: readonly Part[], client: webApi.WebClient): Promise<ImageFiles>;
  /**
   * The message with its picture as one DM to the user: the PNG shared in the DM (conversations.open gives
   * its `D…` id), the message's blocks with it. Without an image part, nothing is uploaded (null).
   */
  sendWithPicture(
    message: Message,
    userId: string,
    client: webApi.WebClient,
    /** Into this thread of the DM (the assistant thread it was asked in), not as a new message. */
    threadTs?: string,
  ): Promise<UploadedFile | null>;
}

export function imageParts(parts: readonly Part[]): ImagePart[] {
  return parts.filter((p): p is ImagePart => p.type === 'image');
}

const drawChart = (part: ImagePart) => renderCompletionChart(part.chart);

/** The DM channel (`D…`) with a user: files are shared in a conversation, not to a user id. */
export async function openDm(client: webApi.WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open gave no channel id');
  return id;
}

export function createChartFiles(options: ChartFilesOptions = {}): ChartFiles {
  const render = options.render ?? drawChart;
  const max = options.maxRemembered ?? 32;
  const uploaded = new Map<string, string>();
  const keyOf = (part: ImagePart) =>
    createHash('sha256')
      .update(JSON.stringify([part.filename, part.chart]))
      .digest('base64url');
  return {
    async forView(parts, client) {
      const files = new Map<string, { id: string }>();
      const uploader = createFileUploader({ client });
      for (const part of imageParts(parts)) {
        const key = keyOf(part);
        let id = uploaded.get(key);
        if (id === undefined) {
          const file = await uploader.upload({
            filename: part.filename,
            bytes: await render(part),
            title: part.title,
            altText: part.alt,
          });
          id = file.id;
          uploaded.set(key, id);
          // The oldest picture goes first: yesterday's chart is not shown again.
          if (uploaded.size > max) uploaded.delete(uploaded.keys().next().value as string);
        }
        files.set(part.filename, { id });
      }
      return files;
    },
    async sendWithPicture(message, userId, client, threadTs) {
      const [part] = imageParts(message.parts);
      if (!part) return null;
      const channelId = await openDm(client, userId);
      const { blocks } = renderMessage(message);
      return createFileUploader({ client }).upload({
        filename: part.filename,
        bytes: await render(part),
        title: part.title,
        altText: part.alt,
        channelId,
        ...(threadTs !== undefined ? { threadTs } : {}),
        message: { blocks },
      });
    },
  };
}
