// The human and json renderers of info, check, map, and the creation option help, against real qemu-img 7.2 output.
import { describe, expect, it } from 'vitest';
import { checkExitStatus, checkToHuman, checkToJson } from './check-report.ts';
import { optionHelpLines } from './create-opts.ts';
import { infoToHuman, infoToJson } from './info-model.ts';
import { entryMergeable, mapEntryHuman, mapEntryJson } from './map-render.ts';
import { toPrettyJson } from './qjson.ts';

describe('info', () => {
  const raw = { filename: 'a.img', format: 'raw', virtualSize: 1073741824, actualSize: 131072, dirtyFlag: false };
  it('human', () => {
    expect(infoToHuman(raw)).toBe('image: a.img\nfile format: raw\nvirtual size: 1 GiB (1073741824 bytes)\ndisk size: 128 KiB\n');
    expect(infoToHuman({ ...raw, actualSize: undefined })).toContain('disk size: unavailable\n');
  });
  it('json', () => {
    expect(toPrettyJson(infoToJson(raw))).toBe(
      '{\n    "virtual-size": 1073741824,\n    "filename": "a.img",\n    "format": "raw",\n    "actual-size": 131072,\n    "dirty-flag": false\n}',
    );
  });
  it('format specific data', () => {
    const q = {
      ...raw, format: 'qcow2', clusterSize: 65536, backingFilename: 'b.img', fullBackingFilename: '/t/b.img',
      formatSpecific: { type: 'qcow2', data: { compat: '1.1', 'lazy-refcounts': false, bitmaps: [{ flags: ['auto'], name: 'b0' }] } },
    };
    expect(infoToHuman(q)).toContain(
      'cluster_size: 65536\nbacking file: b.img (actual path: /t/b.img)\nFormat specific information:\n    compat: 1.1\n    lazy refcounts: false\n    bitmaps:\n        [0]:\n            flags:\n                [0]: auto\n            name: b0\n',
    );
  });
});

describe('check', () => {
  const base = { filename: 'l.img', format: 'qcow2', corruptions: 0, leaks: 1, checkErrors: 0, corruptionsFixed: 0, leaksFixed: 0, imageEndOffset: 393216,
    bfi: { totalClusters: 16, allocatedClusters: 1, fragmentedClusters: 0, compressedClusters: 0 } };
  it('human', () => {
    expect(checkToHuman(base)).toBe(
      '\n1 leaked clusters were found on the image.\nThis means waste of disk space, but no harm to data.\n' +
        '1/16 = 6.25% allocated, 0.00% fragmented, 0.00% compressed clusters\nImage end offset: 393216\n',
    );
    expect(checkExitStatus(base)).toBe(3);
  });
  it('json', () => {
    expect(toPrettyJson(checkToJson(base))).toBe(
      '{\n    "image-end-offset": 393216,\n    "total-clusters": 16,\n    "check-errors": 0,\n    "leaks": 1,\n    "allocated-clusters": 1,\n    "filename": "l.img",\n    "format": "qcow2"\n}',
    );
  });
});

describe('map', () => {
  const e = { start: 0, length: 65536, depth: 0, present: true, zero: false, data: true, offset: 0, filename: 'a.img' };
  it('lines', () => {
    expect(mapEntryJson(e)).toBe('{ "start": 0, "length": 65536, "depth": 0, "present": true, "zero": false, "data": true, "offset": 0}');
    expect(mapEntryHuman({ ...e, start: 1000, length: 64536, offset: 1000 })).toBe('0x3e8           0xfc18          0x3e8           a.img\n');
    expect(mapEntryHuman({ ...e, zero: true })).toBe('');
  });
  it('merging needs contiguous offsets', () => {
    expect(entryMergeable(e, { ...e, start: 65536, offset: 65536 })).toBe(true);
    expect(entryMergeable(e, { ...e, start: 65536, offset: 0 })).toBe(false);
  });
});

describe('option help', () => {
  it('sorts and pads like qemu_opts_print_help', () => {
    expect(
      optionHelpLines([
        { name: 'size', type: 'size', help: 'Virtual disk size' },
        { name: 'data_file_raw', type: 'bool', help: 'The external data file must stay valid as a raw image' },
      ]),
    ).toBe(
      '  data_file_raw=<bool (on/off)> - The external data file must stay valid as a raw image\n' +
        '  size=<size>            - Virtual disk size\n',
    );
  });
});
