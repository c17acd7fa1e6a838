// An error nothing caught: a stray rejection is logged and the process serves on; an uncaught exception is
// logged, the app stops, and the process exits 1 for its supervisor. Never with the error's payload.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  installProcessErrorHandlers,
  UNCAUGHT_EXCEPTION,
  UNHANDLED_REJECTION,
} from '../../src/slack/process-errors.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A Web API error as @slack/web-api makes it: the request (with what someone wrote) rides along. */
function webApiError(): Error {
  return Object.assign(new Error('An API error occurred: channel_not_found'), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: 'channel_not_found', request: { text: 'something that happened to me' } },
  });
}

describe('installProcessErrorHandlers', () => {
  it('logs a stray rejection without its payload and keeps going', () => {
    const target = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    const remove = installProcessErrorHandlers({
      log: (l) => lines.push(l),
      exit: (c) => exits.push(c),
      target: target as never,
    });
    target.emit('unhandledRejection', webApiError());
    expect(lines).toEqual([`${UNHANDLED_REJECTION}: slack_webapi_platform_error (channel_not_found)`]);
    expect(exits).toEqual([]);
    remove();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });

  it('on an uncaught exception: logs, stops the app, then exits 1', async () => {
    const target = new EventEmitter();
    const lines: string[] = [];
    const order: string[] = [];
    await new Promise<void>((done) => {
      installProcessErrorHandlers({
        log: (l) => lines.push(l),
        stop: async () => {
          order.push('stop');
        },
        exit: (c) => {
          order.push(`exit ${c}`);
          done();
        },
        target: target as never,
      });
      target.emit('uncaughtException', new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    });
    expect(lines).toEqual([
      `${UNCAUGHT_EXCEPTION}: TypeError: Cannot read properties of null (reading 'ssl_check')`,
    ]);
    expect(order).toEqual(['stop', 'exit 1']);
  });

  it('in a real process: a rejection leaves it serving, an exception makes it exit 1', async () => {
    const script = `
      import { installProcessErrorHandlers } from './src/slack/process-errors.ts';
      installProcessErrorHandlers({ log: (l) => console.log(l), graceMs: 100 });
      Promise.reject(new Error('stray'));
      setTimeout(() => { console.log('still serving'); setTimeout(() => { throw new Error('boom'); }, 10); }, 50);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(out.split('\n').filter(Boolean)).toEqual([
      `${UNHANDLED_REJECTION}: Error: stray`,
      'still serving',
      `${UNCAUGHT_EXCEPTION}: Error: boom`,
    ]);
    expect(code).toBe(1);
  }, 20_000);
});
