// Unit tests for qemu-io's command-line and option-string parsing (behaviour observed from qemu-io 7.2).
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';
import { applyCacheMode, defaultSettings, parseOptionString, toOpenRequest } from './open-settings.ts';

describe('parseArgs', () => {
  it('collects -c commands in order and permutes the file operand', () => {
    const r = parseArgs(['t.raw', '-c', 'read 0 1', '--cmd=length', '-f', 'raw', '-r']);
    expect(r).toMatchObject({ kind: 'run', options: { commands: ['read 0 1', 'length'], format: 'raw', operands: ['t.raw'] } });
    if (r.kind === 'run') expect(r.options.settings.readOnly).toBe(true);
  });
  it('stops at the first refused value, in order', () => {
    expect(parseArgs(['-t', 'bogus', '-h'])).toEqual({ kind: 'fail', message: 'Invalid cache option: bogus' });
    expect(parseArgs(['-h', '-t', 'bogus'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-d', 'x'])).toEqual({ kind: 'fail', message: 'Invalid discard option: x' });
    expect(parseArgs(['-i', 'x'])).toEqual({ kind: 'fail', message: 'Invalid aio option: x' });
  });
  it('reports glibc errors for usage', () => {
    expect(parseArgs(['-f'])).toEqual({ kind: 'usage', error: "option requires an argument -- 'f'" });
    expect(parseArgs(['--k'])).toEqual({ kind: 'usage', error: "unrecognized option '--k'" });
    expect(parseArgs(['--n'])).toEqual({
      kind: 'usage',
      error: "option '--n' is ambiguous; possibilities: '--nocache' '--native-aio'",
    });
  });
  it('defaults to read-write with discard=unmap', () => {
    const r = parseArgs(['x']);
    if (r.kind !== 'run') throw new Error('expected run');
    expect(r.options.settings).toMatchObject({ readOnly: false, discardUnmap: true, cacheDirect: false });
  });
});

describe('open settings', () => {
  it('knows QEMU cache modes', () => {
    const s = defaultSettings();
    expect(applyCacheMode(s, 'none')).toBe(true);
    expect(s).toMatchObject({ cacheDirect: true, noFlush: false });
    expect(applyCacheMode(s, 'unsafe')).toBe(true);
    expect(s).toMatchObject({ cacheDirect: false, noFlush: true });
    expect(applyCacheMode(s, 'bogus')).toBe(false);
  });
  it('parses option strings with escaping and deprecated flags', () => {
    const warnings: string[] = [];
    const d = parseOptionString('driver=raw,file.filename=a,,b,nofoo', (m, h) => warnings.push(m, h));
    expect(d).toEqual({ driver: 'raw', 'file.filename': 'a,b', foo: 'off' });
    expect(warnings).toEqual(["short-form boolean option 'nofoo' deprecated", 'Please use foo=off instead']);
  });
  it('turns -U into force-share and native aio into a file option', () => {
    const s = { ...defaultSettings(), forceShare: true, aio: 'native' as const };
    expect(toOpenRequest(s, 'x.qcow2', undefined, undefined).options).toEqual({ 'force-share': 'on', file: { aio: 'native' } });
    expect(toOpenRequest(s, 'x', 'file', undefined).options).toEqual({ 'force-share': 'on', aio: 'native' });
  });
});
