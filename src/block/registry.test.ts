import { describe, expect, it } from 'vitest';
import { findProtocolFor, probeFormat, protocolPrefix } from './registry.ts';

describe('registry', () => {
  it('finds protocol prefixes as path_has_protocol does', () => {
    expect(protocolPrefix('file:x')).toBe('file');
    expect(protocolPrefix('blkverify:a:b')).toBe('blkverify');
    expect(protocolPrefix('./a:b')).toBeUndefined();
    expect(protocolPrefix('/tmp/x')).toBeUndefined();
    expect(protocolPrefix('plain')).toBeUndefined();
  });
  it('defaults to the file protocol and rejects unknown prefixes', () => {
    expect(findProtocolFor('x.img', true).formatName).toBe('file');
    expect(findProtocolFor('foo:bar', false).formatName).toBe('file');
    expect(() => findProtocolFor('foo:bar', true)).toThrow("Unknown protocol 'foo'");
  });
  it('probes raw for anything unknown', () => {
    expect(probeFormat(new Uint8Array(2048), 'x').formatName).toBe('raw');
  });
});
