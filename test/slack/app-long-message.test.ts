// One person's 40,000-character DM does not hold up anyone else: another user's command is acknowledged about
// as fast as without it (issue 13: it took 4.2 s). bench:slack measures the same under load.
import { describe, expect, it } from 'vitest';
import { PEOPLE, useHarness } from './app-harness.js';

const h = useHarness({ processBeforeResponse: false });

async function commandAck(): Promise<number> {
  const response = await h.client.sendCommand({
    userId: PEOPLE.ada.id,
    text: 'help',
    responseUrl: h.standIn.responseUrl(),
  });
  expect(response.status).toBe(200);
  return response.elapsedMs;
}

describe('a 40,000-character DM', () => {
  it("does not delay another user's command ack beyond ~100 ms", async () => {
    const alone: number[] = [];
    for (let i = 0; i < 5; i++) alone.push(await commandAck());
    const baseline = alone.sort((a, b) => a - b)[2] as number;
    const long = 'harassment '.repeat(4000).slice(0, 40_000);
    const delays: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const dm = h.client.sendDirectMessage(PEOPLE.bram.id, long);
      // Sent just after the DM, so its ack waits behind whatever the DM's work holds the event loop for.
      await new Promise((r) => setImmediate(r));
      delays.push((await commandAck()) - baseline);
      await dm;
      await h.idle(10_000);
    }
    // The best of three, so that another process on a shared CI machine does not decide the result.
    expect(Math.min(...delays)).toBeLessThan(100);
    const answers = h.standIn.callsTo('chat.postMessage').filter((c) => c.ok);
    expect(answers.length).toBeGreaterThanOrEqual(3);
  }, 30_000);
});
