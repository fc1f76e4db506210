import { describe, expect, it } from 'vitest';
import { captureIO } from './capture.ts';
import { shellStatus } from './tools-spawn.ts';

describe('captureIO', () => {
  it('captures text and bytes separately per stream', () => {
    const c = captureIO({ env: {}, cwd: '/x' });
    c.io.stdout.write('héllo ');
    c.io.stdout.write(new Uint8Array([0x77, 0x6f, 0x72, 0x6c, 0x64]));
    c.io.stderr.write('oops\n');
    expect(c.io.stdin).toBeNull();
    expect(c.finish(3)).toEqual({ status: 3, stdout: 'héllo world', stderr: 'oops\n' });
  });

  it('drops output after raise and reports 128 + signal', () => {
    const c = captureIO({ env: {}, cwd: '/x' });
    c.io.stdout.write('before\n');
    c.io.raise?.(9);
    c.io.stdout.write('after\n');
    c.io.stderr.write('after\n');
    expect(c.finish(0)).toEqual({ status: 137, stdout: 'before\n', stderr: '' });
  });

  it('feeds stdin once', async () => {
    const c = captureIO({ stdin: 'read 0 512\n', env: {}, cwd: '/x' });
    const chunks: unknown[] = [];
    for await (const chunk of c.io.stdin ?? []) chunks.push(chunk);
    expect(chunks).toEqual(['read 0 512\n']);
  });

  it('turns a crash into status 1 with the stack on stderr', () => {
    const c = captureIO({ env: {}, cwd: '/x' });
    const r = c.crash(new TypeError('boom'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^TypeError: boom\n/);
  });
});

describe('shellStatus', () => {
  it('is the exit code, or 128 + signal', () => {
    expect(shellStatus(0, undefined)).toBe(0);
    expect(shellStatus(undefined, 'SIGKILL')).toBe(137);
    expect(shellStatus(undefined, 'SIGABRT')).toBe(134);
  });
});
