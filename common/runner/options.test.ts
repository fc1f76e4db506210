import { describe, expect, it } from 'vitest';
import { parseCheckArgs } from './options.ts';

function opts(...argv: string[]) {
  const r = parseCheckArgs(argv);
  if (r.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(r)}`);
  return r.options;
}

describe('parseCheckArgs', () => {
  it('defaults to raw over file with every test', () => {
    const o = opts();
    expect(o).toMatchObject({ imgfmt: 'raw', imgproto: 'file', imgopts: '', tests: [], jobs: 1, tap: false });
  });

  it('takes format and protocol flags, -o and groups', () => {
    const o = opts('-qcow2', '-file', '-o', 'compat=0.10', '-g', 'rw,quick', '-x', 'slow', '-g', 'auto');
    expect(o.imgfmt).toBe('qcow2');
    expect(o.imgopts).toBe('compat=0.10');
    expect(o.groups).toEqual(['rw', 'quick', 'auto']);
    expect(o.excludeGroups).toEqual(['slow']);
  });

  it('collects tests and ranges, and everything after --', () => {
    expect(opts('001', '010-012', '--', '-weird').tests).toEqual(['001', '010-012', '-weird']);
  });

  it('parses the run options', () => {
    const o = opts('-n', '-d', '-j', '4', '--start-from', '042', '--regen', '--qemu', '/usr/bin', '--timeout=30');
    expect(o).toMatchObject({ dryRun: true, debug: true, jobs: 4, startFrom: '042', regen: true, qemuDir: '/usr/bin', timeout: 30 });
    expect(opts('-tap').tap).toBe(true);
    expect(opts('--jobs=2').jobs).toBe(2);
  });

  it('asks for help', () => {
    expect(parseCheckArgs(['-h']).kind).toBe('help');
    expect(parseCheckArgs(['001', '--help']).kind).toBe('help');
  });

  it('rejects what it does not know, with a message', () => {
    expect(parseCheckArgs(['-bogus'])).toEqual({ kind: 'error', message: "unrecognized option '-bogus'" });
    expect(parseCheckArgs(['-vmdk'])).toEqual({
      kind: 'error',
      message: "image format 'vmdk' is not implemented (supported: raw, qcow2)",
    });
    expect(parseCheckArgs(['-nbd']).kind).toBe('error');
    expect(parseCheckArgs(['-j'])).toEqual({ kind: 'error', message: "option '-j' requires an argument" });
    expect(parseCheckArgs(['-j', '0'])).toEqual({ kind: 'error', message: "invalid job count: '0'" });
    expect(parseCheckArgs(['-color', 'pink']).kind).toBe('error');
    expect(parseCheckArgs(['-tap', '-d']).kind).toBe('error');
  });
});
