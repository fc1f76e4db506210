// Turning `-o` creation options into checked qcow2 creation parameters, with QEMU's messages and order of checks.

import { BlockError } from '../../block/errors.ts';
import type { PreallocMode } from '../../block/driver.ts';
import { parseBoolText } from '../../block/options.ts';
import { DEFAULT_CLUSTER_SIZE, DEFAULT_REFCOUNT_BITS, MAX_CLUSTER_BITS, MIN_CLUSTER_BITS } from './constants.ts';

export interface CreateParams {
  size: number;
  version: 2 | 3;
  clusterBits: number;
  refcountOrder: number;
  lazyRefcounts: boolean;
  prealloc: PreallocMode;
  backingFile?: string;
  backingFormat?: string;
  compressionType: 0 | 1;
  /** External data file name (stored as given, created relative to the working directory). */
  dataFile?: string;
  dataFileRaw: boolean;
  /** Extended L2 entries (subclusters). */
  extendedL2: boolean;
}

const fail = (msg: string): never => {
  throw new BlockError('EINVAL', msg);
};
const V3 = '(use version=v3 or greater)';

function bool(o: Map<string, string>, key: string): boolean {
  const t = o.get(key);
  if (t === undefined) return false;
  const b = parseBoolText(t);
  return b === undefined ? fail(`Parameter '${key}' expects 'on' or 'off'`) : b;
}

function version(text: string | undefined): 2 | 3 {
  if (text === undefined || text === '1.1' || text === 'v3') return 3;
  if (text === '0.10' || text === 'v2') return 2;
  return fail(`Parameter 'version' does not accept value '${text}'`);
}

/** Validate in the order QEMU's qcow2 create does (`forMeasure`: only what measure checks of extended_l2). */
export function parseCreateParams(o: Map<string, string>, forMeasure = false): CreateParams {
  if (o.has('encryption') && o.has('encrypt.format')) {
    fail("'encrypt.format' and its alias 'encryption' can't be used at the same time");
  }
  if (bool(o, 'encryption') || o.has('encrypt.format')) fail("Parameter 'encrypt.key-secret' is required for cipher");
  const prealloc = (o.get('preallocation') ?? 'off') as PreallocMode;
  if (!['off', 'metadata', 'falloc', 'full'].includes(prealloc)) {
    fail(`Parameter 'preallocation' does not accept value '${prealloc}'`);
  }
  const ct = o.get('compression_type') ?? 'zlib';
  if (ct !== 'zlib' && ct !== 'zstd') fail(`Parameter 'compression-type' does not accept value '${ct}'`);
  const ver = version(o.get('compat'));
  const size = Number(o.get('size') ?? '0');
  const clusterSize = Number(o.get('cluster_size') ?? DEFAULT_CLUSTER_SIZE);
  const clusterBits = Math.log2(clusterSize);
  if (!Number.isInteger(clusterBits) || clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
    fail(`Cluster size must be a power of two between ${2 ** MIN_CLUSTER_BITS} and ${2 ** (MAX_CLUSTER_BITS - 10)}k`);
  }
  const extL2 = bool(o, 'extended_l2');
  if (extL2) {
    // qemu-img measure checks the cluster size but not the compatibility level.
    if (ver < 3 && !forMeasure) fail(`Extended L2 entries are only supported with compatibility level 1.1 and above ${V3}`);
    if (clusterSize < 16384) fail('Extended L2 entries are only supported with cluster sizes of at least 16384 bytes');
  }
  const backingFile = o.get('backing_file');
  const backingFormat = o.get('backing_fmt');
  if (backingFile !== undefined && prealloc !== 'off' && !extL2) {
    fail('Backing file and preallocation can only be used at the same time if extended_l2 is on');
  }
  if (backingFormat !== undefined && backingFile === undefined) fail('Backing format cannot be used without backing file');
  const lazy = bool(o, 'lazy_refcounts');
  if (lazy && ver < 3) fail(`Lazy refcounts only supported with compatibility level 1.1 and above ${V3}`);
  const refcountBits = Number(o.get('refcount_bits') ?? DEFAULT_REFCOUNT_BITS);
  const order = Math.log2(refcountBits);
  if (!Number.isInteger(order) || order < 0 || order > 6) {
    fail('Refcount width must be a power of two and may not exceed 64 bits');
  }
  if (ver < 3 && refcountBits !== 16) {
    fail(`Different refcount widths than 16 bits require compatibility level 1.1 or above ${V3}`);
  }
  const dataFileRaw = bool(o, 'data_file_raw');
  if (o.has('data_file') && ver < 3) {
    fail(`External data files are only supported with compatibility level 1.1 and above ${V3}`);
  }
  if (dataFileRaw && !o.has('data_file')) fail('data-file-raw requires data-file');
  if (dataFileRaw && backingFile !== undefined) fail('Backing file and data-file-raw cannot be used at the same time');
  if (ct !== 'zlib' && ver < 3) {
    fail(`Non-zlib compression type is only supported with compatibility level 1.1 and above ${V3}`);
  }
  return {
    size: Math.ceil(size / 512) * 512,
    version: ver,
    clusterBits,
    refcountOrder: order,
    lazyRefcounts: lazy,
    // A raw data file must map every guest cluster: QEMU turns preallocation=off into metadata.
    prealloc: dataFileRaw && prealloc === 'off' ? 'metadata' : prealloc,
    backingFile,
    dataFile: o.get('data_file'),
    dataFileRaw,
    backingFormat,
    compressionType: ct === 'zstd' ? 1 : 0,
    extendedL2: extL2,
  };
}
