// Unit tests for the glibc getopt_long emulation, against behaviour observed from qemu-img/qemu-io.
import { describe, expect, it } from 'vitest';
import { getopt, type LongOption } from './getopt.ts';

const LONG: LongOption[] = [
  { name: 'help', hasArg: 'no', val: 'h' },
  { name: 'object', hasArg: 'required', val: 'OBJ' },
  { name: 'output', hasArg: 'required', val: 'OUT' },
  { name: 'backing-chain', hasArg: 'no', val: 'BC' },
];

function all(argv: string[], optstring: string, longs: LongOption[] = LONG) {
  const g = getopt(argv, optstring, longs);
  const out: unknown[] = [];
  for (let r = g.next(); r; r = g.next()) out.push({ ...r, prev: g.argv[g.optind - 1] });
  return { out, rest: g.argv.slice(g.optind) };
}

describe('getopt', () => {
  it('permutes operands after options', () => {
    const r = all(['create', 'a.img', '-f', 'raw', '1M'], ':f:q');
    expect(r.out).toEqual([{ opt: 'f', arg: 'raw', prev: 'raw' }]);
    expect(r.rest).toEqual(['a.img', '1M']);
  });
  it('stops at -- and keeps what follows as operands', () => {
    const r = all(['create', '--', '-q', '1M'], ':f:q');
    expect(r.out).toEqual([]);
    expect(r.rest).toEqual(['-q', '1M']);
  });
  it('reports an unknown option at the start of a cluster with the previous word', () => {
    const r = all(['create', '-xq'], ':f:q');
    expect(r.out[0]).toMatchObject({ opt: '?', optopt: 'x', prev: 'create' });
  });
  it('reports an unknown option ending a cluster with the cluster', () => {
    const r = all(['create', '-qx', 'a'], ':f:q');
    expect(r.out[1]).toMatchObject({ opt: '?', optopt: 'x', prev: '-qx' });
  });
  it('returns : for a missing argument in colon mode', () => {
    expect(all(['create', '-qf'], ':f:q').out[1]).toMatchObject({ opt: ':', optopt: 'f', prev: '-qf' });
    expect(all(['x', '-f'], 'f:').out[0]).toMatchObject({ opt: '?', error: "option requires an argument -- 'f'" });
  });
  it('takes attached and separate arguments', () => {
    expect(all(['c', '-fraw'], ':f:').out[0]).toMatchObject({ opt: 'f', arg: 'raw' });
  });
  it('accepts unique abbreviations and rejects ambiguous ones', () => {
    expect(all(['info', '--outp=json'], ':f:').out[0]).toMatchObject({ opt: 'OUT', arg: 'json' });
    expect(all(['info', '--o=json'], ':f:').out[0]).toMatchObject({ opt: '?', prev: '--o=json' });
    expect(all(['info', '--output', 'json', 'x'], ':').rest).toEqual(['x']);
  });
  it('refuses an argument to a no-argument long option', () => {
    expect(all(['info', '--backing-chain=1'], ':').out[0]).toMatchObject({ opt: '?', prev: '--backing-chain=1' });
  });
  it('reports a missing long argument', () => {
    expect(all(['info', '--outp'], ':').out[0]).toMatchObject({ opt: ':', prev: '--outp' });
  });
  it('stops at the first operand with +', () => {
    const r = all(['qemu-img', 'info', '-q'], '+:hV');
    expect(r.out).toEqual([]);
    expect(r.rest).toEqual(['info', '-q']);
  });
  it('gives glibc texts for plain getopt', () => {
    expect(all(['read', '-x'], 'bCq', []).out[0]).toMatchObject({ error: "invalid option -- 'x'" });
    expect(all(['read', '--x'], 'bCq', []).out[0]).toMatchObject({ error: "invalid option -- '-'" });
  });
});
