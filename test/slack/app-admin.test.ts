// What administrators see in Slack, end to end through the Web API stand-in: the admin section on the App
// Home with the chart uploaded and shown by an image block, the report sent to the DM with its PNG, the CSV
// button, and nothing of it for anyone else.
import { describe, expect, it } from 'vitest';
import { ADMIN_HOME_HEADING } from '../../src/bot/replies/admin-home.js';
import { CSV_COLUMNS } from '../../src/reports/report.js';
import { ACTION } from '../../src/slack/views/ids.js';
import { REPORT_IN_DM_TEXT } from '../../src/text/messages.js';
import { UPLOAD_URL_METHOD } from '../support/slack-stand-in.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UPLOAD_STEPS = ['files.getUploadURLExternal', UPLOAD_URL_METHOD, 'files.completeUploadExternal'];

const h = useHarness({
  grants: [{ email: 'rhea.admin@example.edu', role: 'admin' }],
  admin: true,
});

type Block = { type: string; slack_file?: { id: string }; text?: { text: string } };

async function openHome(userId: string) {
  await h.client.sendAppHomeOpened(userId);
  const publish = await h.standIn.waitForCall('views.publish');
  await h.idle();
  return (publish.args['view'] as { blocks: Block[] }).blocks;
}

describe('the admin App Home', () => {
  it("uploads the chart, then publishes the admin section above the admin's own", async () => {
    const blocks = await openHome(PEOPLE.rhea.id);
    const methods = h.standIn.calls.map((c) => c.method).filter((m) => m !== 'users.info');
    expect(methods).toEqual([...UPLOAD_STEPS, 'views.publish']);
    const [getUrl, , complete] = h.standIn.calls.filter((c) => UPLOAD_STEPS.includes(c.method));
    // Private to the app: shared in no conversation, shown by the image block only.
    expect(complete?.args['channel_id']).toBeUndefined();
    const fileId = String(getUrl?.response['file_id']);
    const bytes = h.standIn.uploadedFile(fileId)?.bytes ?? Buffer.alloc(0);
    expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);

    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: ADMIN_HOME_HEADING } });
    const image = blocks.find((b) => b.type === 'image');
    expect(image?.slack_file).toEqual({ id: fileId });
    const text = blockText(blocks);
    for (const words of [
      'Scope: all departments',
      'By training group',
      'All Schools (including Faculty)',
      'By department',
      'Imaginary Physics',
      'Last imports',
      'Completions (LMS)',
      'Last campaigns',
      'Your training status',
    ])
      expect(text).toContain(words);
    // The admin section comes before the personal one.
    expect(text.indexOf(ADMIN_HOME_HEADING)).toBeLessThan(text.indexOf('Your training status'));
    expect(actionIds(blocks)).toEqual(expect.arrayContaining([ACTION.openRemind, ACTION.downloadReport]));
  });

  it('uploads the same chart once: opening the Home again shows the same file', async () => {
    const first = await openHome(PEOPLE.rhea.id);
    h.standIn.reset();
    const again = await openHome(PEOPLE.rhea.id);
    expect(h.standIn.callsTo('files.getUploadURLExternal')).toEqual([]);
    expect(again.find((b) => b.type === 'image')?.slack_file).toEqual(
      first.find((b) => b.type === 'image')?.slack_file,
    );
  });

  it('publishes again while Slack is still processing the picture (invalid_blocks)', async () => {
    h.standIn.inject({ method: 'views.publish', times: 1, respond: { error: 'invalid_blocks' } });
    await h.client.sendAppHomeOpened(PEOPLE.rhea.id);
    await h.standIn.waitFor(() => (h.standIn.callsTo('views.publish').length >= 2 ? true : undefined));
    await h.idle();
    const [failed, published] = h.standIn.callsTo('views.publish');
    expect(failed?.ok).toBe(false);
    expect(published?.ok).toBe(true);
    const view = published?.args['view'] as { blocks: Block[] } | undefined;
    expect(view?.blocks.some((b) => b.type === 'image')).toBe(true);
  });

  it("a non-admin's Home has no admin section, no chart and uploads nothing", async () => {
    const blocks = await openHome(PEOPLE.bram.id);
    const text = blockText(blocks);
    expect(text).not.toContain(ADMIN_HOME_HEADING);
    expect(text).not.toContain('Last campaigns');
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
    expect(actionIds(blocks)).not.toContain(ACTION.openRemind);
    expect(actionIds(blocks)).not.toContain(ACTION.downloadReport);
    expect(h.standIn.callsTo('files.getUploadURLExternal')).toEqual([]);
  });
});

describe("the admin's report in Slack", () => {
  it('goes to the DM as one message with the chart attached; the command answers where it is', async () => {
    const responseUrl = h.standIn.responseUrl();
    await h.client.sendCommand({ userId: PEOPLE.rhea.id, text: 'report', responseUrl });
    const [reply] = await h.standIn.waitFor(() => {
      const posted = h.standIn.responsesTo(responseUrl);
      return posted.length > 0 ? posted : undefined;
    });
    await h.idle();
    expect(String(reply?.args['text'])).toBe(REPORT_IN_DM_TEXT);
    const methods = h.standIn.calls.map((c) => c.method).filter((m) => m !== 'users.info');
    expect(methods.slice(0, 4)).toEqual(['conversations.open', ...UPLOAD_STEPS]);
    const dm = h.standIn.dmChannelFor(PEOPLE.rhea.id);
    expect(dm).toMatch(/^D/);
    const [complete] = h.standIn.callsTo('files.completeUploadExternal');
    expect(complete?.args['channel_id']).toBe(dm);
    const shared = blockText(complete?.args['blocks']);
    expect(shared).toContain('Training completion as of 2021-02-10');
    expect(shared).toContain('Scope: all departments');
    expect(shared).toMatch(/points since last week|no change since last week/);
  });

  it('asked in the assistant thread, goes into that thread with its chart', async () => {
    const thread = '1700000000.004200';
    await h.client.sendDirectMessage(PEOPLE.rhea.id, 'report', { threadTs: thread });
    const complete = await h.standIn.waitForCall('files.completeUploadExternal');
    expect(complete.args['channel_id']).toBe(h.standIn.dmChannelFor(PEOPLE.rhea.id));
    expect(complete.args['thread_ts']).toBe(thread);
    expect(blockText(complete.args['blocks'])).toContain('Training completion as of 2021-02-10');
  });

  it('"Download report (CSV)" uploads the report of their scope as a CSV file to their DM', async () => {
    await h.client.sendBlockAction({
      userId: PEOPLE.rhea.id,
      actionId: ACTION.downloadReport,
      value: 'csv',
      container: { type: 'view', view_id: 'V1' },
    });
    const [complete] = await h.standIn.waitFor(() => {
      const done = h.standIn.callsTo('files.completeUploadExternal');
      return done.length > 0 ? done : undefined;
    });
    await h.idle();
    expect(complete?.args['channel_id']).toBe(h.standIn.dmChannelFor(PEOPLE.rhea.id));
    expect(String(complete?.args['initial_comment'])).toContain('all departments as of 2021-02-10');
    const [getUrl] = h.standIn.callsTo('files.getUploadURLExternal');
    expect(String(getUrl?.args['filename'])).toBe('completion-report-2021-02-10-all.csv');
    const csv = h.standIn.uploadedFile(String(getUrl?.response['file_id']))?.bytes?.toString('utf8') ?? '';
    expect(csv.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv).toContain('All Schools (including Faculty),Imaginary Physics,');
    // Counts only: no one's name or email in the file.
    expect(csv).not.toMatch(/@example\.edu/);
  });

  it('"Download report (CSV)" pressed by someone without a report grant sends no file', async () => {
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: ACTION.downloadReport,
      value: 'csv',
      container: { type: 'view', view_id: 'V1' },
    });
    const [posted] = await h.standIn.waitFor(() => {
      const p = h.standIn.callsTo('chat.postMessage');
      return p.length > 0 ? p : undefined;
    });
    expect(String(posted?.args['text'])).toContain('The completion report is for training administrators');
    expect(h.standIn.callsTo('files.getUploadURLExternal')).toEqual([]);
  });

  it('"Send a reminder" opens the composer for an admin', async () => {
    await h.client.sendBlockAction({
      userId: PEOPLE.rhea.id,
      actionId: ACTION.openRemind,
      value: 'remind',
      triggerId: 'trigger-1',
      container: { type: 'view', view_id: 'V1' },
    });
    const [opened] = await h.standIn.waitFor(() => {
      const o = h.standIn.callsTo('views.open');
      return o.length > 0 ? o : undefined;
    });
    expect(opened?.args['trigger_id']).toBe('trigger-1');
    expect((opened?.args['view'] as { type: string } | undefined)?.type).toBe('modal');
  });
});
