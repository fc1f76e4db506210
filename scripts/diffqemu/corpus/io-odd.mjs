// qemu-io corners not tried elsewhere: size units in reports, hexdumps at odd and wide offsets, -C lines, vmstate, compressed and zero writes on qcow2, option spellings.

import { BAD_NUMBERS, CHAIN_SETUP, QCOW2_SETUP, RAW_SETUP, q, uniq } from './common.mjs';

/** A sparse 8 GiB raw image and a qcow2 one of the same size, data around 4 GiB. */
const BIG_SETUP =
  'qemu-img create -f raw big.img 8G >/dev/null && qemu-io -f raw -c "write -P 0x61 4294967280 32" big.img >/dev/null && ' +
  'qemu-img create -f qcow2 bq.img 8G >/dev/null && qemu-io -c "write -P 0x63 4294967280 32" bq.img >/dev/null';

/** Lengths whose "N units, M ops" report spans every unit and precision. */
const SIZES = ['1', '999', '1000', '1023', '1024', '1025', '1536', '2047', '10000', '10240', '102400', '1000000', '1048575', '1048576', '1572864', '10485760'];

/** Commands on a 16 MiB raw image (data at the start) and the same as qcow2. */
const CMDS = [
  ...SIZES.map((s) => `read 0 ${s}`), ...SIZES.map((s) => `write -P 0x41 0 ${s}`), ...SIZES.map((s) => `write -z 0 ${s}`),
  ...SIZES.map((s) => `alloc 0 ${s}`), ...SIZES.map((s) => `discard 0 ${s}`), 'readv 0 1000 24 1M', 'writev -P 2 0 1000 24 1M',
  'read -C 0 1M', 'readv -C 0 1k 1k 1k', 'write -C -z 0 1M', 'discard -C 0 1M', 'write -Cq 0 1', 'aio_read -Cq 0 512',
  'read -v 3 50', 'read -v 15 1', 'read -v 16 1', 'read -v 17 31', 'read -v 0x1fff 33', 'read -v 1048570 20', 'read -v 0 0', 'read -v 65535 1',
  'readv -v 1 2 3 4 5', 'readv -v 0 1 1 1', 'readv -v 65530 3 3 3 3', 'write -P 0x20 0 16', 'write -P 0x7e 0 16', 'write -P 0x7f 0 16', 'write -P 0x80 0 16',
  'read -P 0x5a -s 0x10 -l 0x10 0 64', 'read -P 0x5a -s 1k -l 1k 0 4k', 'read -P 0x5a -s 4k 0 4k', 'read -P 0x5a -l 4k 0 4k', 'read -P 0x5a -s 1 -l 0 0 4k',
  'read -P 0x5a -s 0 0 4k', 'read -P 0 -s 65536 -l 512 0 128k', 'read -P 0x5a -s -1 0 512', 'read -P 0x5a -l 1x 0 512', 'read -s 5 -l 5 0 512',
  'read -P 0x5a -P 0 0 512', 'read -v -v 0 16', 'read -q -q 0 16', 'read -P 0xA5 0 1', 'read -P 1e 0 1', 'read -P 0 0x10000 0x10000',
  'write -P 0xff 0 1', 'write -P 255 0 1', 'write -P 0377 0 1', 'write -P 0x -P 1 0 1', 'write -P 1 -P 2 0 1', 'write -P "" 0 1', 'write -P " 1" 0 1',
  'write -P 1k 0 1', 'write -P 0.5 0 1', 'write -z -s src 0 512', 'write -s src -z 0 512', 'write -c -z 0 64k', 'write -c -s src 0 512', 'write -c -P 3 0 64k',
  'write -c 1 512', 'write -c 64k 1', 'write -c 64k 100k', 'write -c -f 0 64k', 'write -c -n 0 64k', 'write -n -P 1 0 512', 'write -n -z 0 512',
  'write -b -z 0 512', 'write -b -P 1 0 512', 'write -b -c 0 512', 'write -b -f 0 512', 'write -b 0 0', 'read -b 0 0', 'read -b -P 0 0 512', 'read -b -v 0 16',
  'write -s /dev/zero 0 64k', 'write -s src 0 0', 'write -s /dev/null 0 0', 'write -s src 100 3000', 'write -b -P 7 1M 512', 'write -u -z -f 0 64k', 'write -zu 1 1', 'write -zf 0 1', 'write -z -P 3 -s src 0 1', 'write -s src -s src 0 1', 'write -f -P 4 0 1',
  'write 0 0', 'write -z 0 0', 'write -c 0 0', 'readv 0 0 0', 'writev 0 0 0', 'writev -P 5 0 1 0 1', 'discard 0 0', 'discard 16M 0', 'discard 16M 1', 'discard 15M 2M',
  'alloc 16M', 'alloc 16M 0', 'alloc 16M 1', 'alloc 16777215', 'alloc 16777215 2', 'alloc 0 16M', 'alloc 0 16777217', 'alloc 1 0x7fffffffffffffff', 'alloc 0 -1',
  'alloc 0 0x8000000000000000', 'alloc 0x1p3', 'alloc 1e1', 'alloc 1.5k 1', 'alloc 0.5k', 'alloc 1K 1K', 'alloc 1P', 'alloc 1E',
  'truncate 0', 'truncate 1T', 'truncate 16M', 'truncate 16777217', 'truncate -m', 'truncate -m off', 'truncate -m OFF 1M', 'truncate -m falloc 20M', 'truncate -m full 17M',
  'truncate -m metadata 20M', 'truncate -- -1', 'truncate 0x', 'truncate 1.5', 'truncate 1.5K', 'truncate 8E', 'truncate 4611686018427387904', 'truncate -m off -m full 20M',
  'length 1 2', 'info 1', 'map -x 1', 'flush 1 2', 'sleep 1 2 3', 'sleep 1.9', 'sleep 01', 'sleep 0x', 'sleep -- 1', 'sleep -1', 'sleep 1m', 'sigraise', 'sigraise 1 2',
  'sigraise 18', 'sigraise 28', 'sigraise 17', 'sigraise 1x', 'sigraise 65', 'sigraise -- 1',
  'read -P', 'read -s', 'read -l', 'write -P', 'write -s', 'truncate -m x', 'readv -P', 'writev -P', 'aio_read -P', 'aio_write -P', 'open -t', 'open -d', 'open -o', 'reopen -o',
  'aio_read -P 0x5a -v -C -q 0 16', 'aio_read -i -q 0 512', 'aio_read -x', 'aio_write -x', 'aio_write -b 0 512', 'aio_write -n 0 512', 'aio_write -s src 0 512',
  'aio_write -c 0 64k', 'aio_write -z -P 1 0 512', 'aio_write -z 0 512 512', 'aio_write -u -P 1 0 512', 'aio_write -f -z 0 512', 'aio_read -- -1 512',
  'aio_read 0 0', 'aio_write 0 0', 'aio_write -z 0 0', 'aio_read 0 1x', 'aio_write 1x 1', 'aio_read 16M 1', 'aio_write 16M 1', 'aio_write -z 16M 1',
  'help -x', 'help read write', 'help ""', 'help aio', 'help a', 'help rea', 'HELP', 'q 1', 'quit quit',
];

/** Sequences on the 16 MiB raw image. */
const SEQS = [
  ['write -b -P 7 0 512', 'read -b -P 7 0 512'], ['write -b -P 7 0 512', 'read -b -v 0 16', 'read -P 0x5a 0 512'], ['truncate 1000', 'read -v 990 20', 'alloc 0 1000', 'map'],
  ['truncate 1000', 'write -P 1 1000 100', 'length', 'map'], ['truncate 1000', 'discard 0 1000', 'map'], ['close', 'length'], ['close', 'map'], ['close', 'alloc 0'], ['close', 'reopen -r'],
  ['close', 'truncate 1M'], ['close', 'sleep 1', 'help close'], ['close', 'open', 'open -f raw'], ['write -P 1 0 1', 'read -q -P 1 0 1', 'read -q -P 2 0 1'],
  ['reopen -r', 'truncate 1M'], ['reopen -r', 'discard 0 1'], ['reopen -r', 'write -b 0 512'], ['reopen -r', 'flush'], ['reopen -r', 'aio_write 0 1'],
  ['reopen -c none', 'write -P 2 1 1', 'read -v 0 4'], ['reopen -c directsync', 'write -P 2 1 1', 'info'], ['reopen -w -c none', 'info'],
  ['open -r -f raw t.img', 'info'],
];

/** qcow2 images with unusual geometry or features, each followed by the commands in QIMG_CMDS. */
const QIMGS = [
  ['c512', 'qemu-img create -f qcow2 -o cluster_size=512 t.img 1M >/dev/null && qemu-io -c "write -P 1 0 1k" -c "write -c -P 2 4k 512" -c "write -z 8k 1k" t.img >/dev/null'],
  ['c2m', 'qemu-img create -f qcow2 -o cluster_size=2M t.img 5M >/dev/null && qemu-io -c "write -P 1 1M 64k" t.img >/dev/null'],
  ['compat010', 'qemu-img create -f qcow2 -o compat=0.10 t.img 1M >/dev/null && qemu-io -c "write -P 1 0 64k" t.img >/dev/null'],
  ['lazy', 'qemu-img create -f qcow2 -o lazy_refcounts=on t.img 1M >/dev/null && qemu-io -c "write -P 1 0 64k" t.img >/dev/null'],
  ['ext-l2', 'qemu-img create -f qcow2 -o extended_l2=on t.img 1M >/dev/null && qemu-io -c "write -P 1 0 4k" -c "write -z 40k 8k" t.img >/dev/null'],
  ['rb1', 'qemu-img create -f qcow2 -o refcount_bits=1 t.img 1M >/dev/null && qemu-io -c "write -P 1 0 64k" t.img >/dev/null'],
  ['odd-size', 'qemu-img create -f qcow2 t.img 1000001 >/dev/null && qemu-io -c "write -P 1 0 4k" t.img >/dev/null'],
  ['big', 'qemu-img create -f qcow2 t.img 3T >/dev/null && qemu-io -c "write -P 1 2T 64k" t.img >/dev/null'],
  ['chain', CHAIN_SETUP],
  ['snap', `${QCOW2_SETUP} && qemu-img snapshot -c s1 t.img && qemu-io -c "write -P 3 0 4k" t.img >/dev/null`],
  ['datafile', 'qemu-img create -f qcow2 -o data_file=d.img t.img 1M >/dev/null && qemu-io -c "write -P 1 0 4k" t.img >/dev/null'],
  ['datafile-raw', 'qemu-img create -f qcow2 -o data_file=d.img,data_file_raw=on t.img 1M >/dev/null && qemu-io -c "write -P 1 0 4k" t.img >/dev/null'],
  ['zstd', 'qemu-img create -f qcow2 -o compression_type=zstd t.img 1M >/dev/null && qemu-io -c "write -c -P 1 0 64k" t.img >/dev/null'],
];
const QIMG_CMDS = [
  'info', 'map', 'alloc 0 1M', 'read -v 0 16', 'write -c -P 9 64k 64k', 'write -c 1k 1k', 'write -z -u 0 1M', 'discard 1k 1k', 'discard 0 2M', 'write -b -P 5 0 512',
  'read -b 0 512', 'truncate 2M', 'truncate 100k', 'truncate -m metadata 4M', 'truncate -m falloc 4M', 'truncate -m full 4M', 'write -f -P 6 3 5', 'length', 'aio_write -c -P 1 0 64k',
];

/** Command-line options not tried elsewhere. */
const STARTUP = [
  '-f raw -C -c "read -P 0x5a 0 512" t.img', '-C -c info t.img', '-f raw -c "read -P 0x5a 0 512" -C t.img', '-m -f raw -c "read -v 1 16" t.img', '-m -f raw -c "write -P 9 3 5" -c "read -v 0 16" t.img',
  '-f raw -U -r -c info t.img', '-f raw -n -t none -c info t.img', '-f raw -t directsync -c info t.img', '-f raw -t unsafe -c info t.img', '-f raw -k -c info t.img',
  '-f raw -t none -t writeback -c info t.img', '-f raw -d unmap -d ignore -c "discard 0 64k" -c map t.img', '-f raw -f qcow2 -c info t.img', '-f qcow2 -f raw -c info t.img',
  '-r -r -f raw -c info t.img', '-s -s -f raw -c info t.img', '-f raw -c info -c info t.img', '-q -f raw -c "read 0 1" t.img', '-V -f raw t.img', '-h -f raw t.img',
  '-f raw -T "" -c "read 0 1" t.img', '-f raw --trace enable=bdrv_co_pwritev -c "read 0 1" t.img', '-f raw --trace "events=" -c "read 0 1" t.img', '-f raw -T help=1 t.img',
  '--object secret,id=a,data=x --object secret,id=b,data=y -f raw -c "read 0 1" t.img', '--object "" -f raw t.img', '--object ",id=s" -f raw t.img',
  '--object secret,id=s,data=x,bogus=1 -f raw t.img', '--object secret,id=0s,data=x -f raw t.img', '--object secret,id=s,data=x,keyid=k -f raw t.img',
  '--object secret,id=s,data=x,iv=y -f raw t.img', '--object iothread,id=i -f raw -c length t.img',
  '--object authz-simple,id=a,identity=x -f raw -c length t.img', '--object memory-backend-ram,id=m,size=1M -f raw -c length t.img',
  '--image-opts -c info "driver=raw,file.filename=t.img,cache.direct=on,cache.no-flush=on"', '--image-opts -t none -c info driver=raw,file.filename=t.img',
  '--image-opts -n -c info driver=raw,file.filename=t.img', '--image-opts -s -c "write 0 1" driver=raw,file.filename=t.img',
  '--image-opts -U -c info driver=raw,file.filename=t.img', '--image-opts -d unmap -c "discard 0 64k" -c map driver=raw,file.filename=t.img',
  '--image-opts -i native -c info driver=raw,file.filename=t.img', '--image-opts -k -c info driver=raw,file.filename=t.img', '--image-opts -c info "driver=raw,file.filename=t.img,detect-zeroes=on"',
  '--image-opts -c info "driver=raw,file.filename=t.img,discard=on"', '--image-opts -c info ""', '--image-opts -c info ","', '--image-opts -c info "driver="',
  '--image-opts -c info "=raw"', '--image-opts -c info "driver=raw,file.filename=t.img,driver=raw"', '--image-opts -c info "driver=raw,file.filename"',
  '-c "open --image-opts driver=raw,file.filename=t.img"', '-c "open -o driver=raw,file.filename=t.img" -c "info"', '-c "open -f raw -o file.filename=t.img"',
  '-c "open -f raw -o filename=t.img"', '-c "open -f raw -o size=512 t.img"', '-c "open -o driver=raw t.img" -c "open -o driver=raw t.img"', '-c "open -f raw -r -s t.img" -c "write -P 1 0 1" -c "read -P 1 0 1"',
  '-c "open -f raw -U t.img" -c "write 0 1"', '-c "open -f raw -C t.img" -c "read 0 1" -c info', '-c "open -f raw -n -k t.img" -c info', '-c "open -f raw -t writethrough t.img" -c info',
  '-c "open -f raw -t directsync t.img" -c info', '-c "open -f raw -d on t.img" -c info', '-c "open -f raw -i native t.img"', '-c "open -f raw -x t.img"', '-c "open -f raw -- t.img" -c info',
  '-c "open -f raw t.img t.img"', '-c "open -f"', '-c "open -f raw"', '-c "open -f raw -o driver=qcow2 t.img"', '-c "open -f raw nofile"', '-c "open ."', '-c "open -f raw ."',
  '-c "open -f raw t.img" -c close -c close -c "open -f raw t.img" -c length', '-c close -c open', '-c "reopen -r"', '-c "read 0 1" -c "open -f raw t.img" -c "read 0 1"',
  '--bogus=1 t.img', '--fo=raw -c length t.img', '--for=raw', '--form=raw -c length t.img', '--cmd=length --form raw t.img', '--tr=file=log -f raw -c length t.img; ls log',
  '-T file=/nonexist/x -f raw -c length t.img', '-T file=/nonexist/x -T file=log -f raw -c length t.img; ls log', '-T file=log -T enable=x -f raw -c length t.img; ls log',
  '-T file= -f raw -c length t.img', '-T file=. -f raw -c length t.img', '-T file=/nonexist/x --image-opts -f raw t.img', '-T file=/nonexist/x --object bogus t.img',
  '-T file=/nonexist/x -c length nofile', '-T file=log,file=log2 -f raw -c length t.img; ls log*',
  '-c quit -c "read 0 1" -f raw t.img', '-c "bogus" -c "read 0 1" -f raw t.img', '-c "read 0 1x" -c "read 0 1" -f raw t.img', '-c "read 0 1" -c "read 0 1x" -f raw t.img',
  '-c "write -P 1 0 1" -c "read -P 2 0 1" -f raw t.img', '-c "read -P 2 0 1" -c "write -P 1 0 1" -f raw t.img', '-c "read 0 1" -c "help bogus" -f raw t.img', '-c "read 0 1" -c "sleep x" -f raw t.img',
  '-c "read 0 1" -c "open nofile" -f raw t.img', '-c "open nofile" -c "read 0 1" -f raw t.img', '-c "read 0 1" -c "truncate -1" -f raw t.img', '-c "read 0 1" -c "alloc x" -f raw t.img',
  '-c "read 0 1" -c "reopen -c bogus" -f raw t.img', '-c "read 0 1" -c "discard 0 32M" -f raw t.img', '-c "aio_read 0 32M" -f raw t.img', '-c "aio_read 0 1x" -f raw t.img',
];

export function ioOddCases() {
  const out = [];
  const rawSetup = 'qemu-img create -f raw t.img 16M >/dev/null && qemu-io -f raw -c "write -P 0x5a 0 64k" t.img >/dev/null && printf "abcdefgh%.0s" $(seq 64) > src';
  const qSetup = 'qemu-img create -f qcow2 t.img 16M >/dev/null && qemu-io -c "write -P 0x5a 0 64k" -c "write -z 128k 64k" t.img >/dev/null && printf "abcdefgh%.0s" $(seq 64) > src';
  for (const c of CMDS) {
    out.push({ id: `iodd-raw/${c}`, setup: rawSetup, cmd: `qemu-io -f raw -c ${q(c)} t.img` });
    if (!/^(help|sigraise|sleep|HELP|q )/.test(c)) out.push({ id: `iodd-qcow2/${c}`, setup: qSetup, cmd: `qemu-io -f qcow2 -c ${q(c)} t.img` });
  }
  for (const s of SEQS) {
    out.push({ id: `iodd-seq-raw/${s.join(' ; ')}`, setup: rawSetup, cmd: `qemu-io -f raw ${s.map((c) => `-c ${q(c)}`).join(' ')} t.img` });
    out.push({ id: `iodd-seq-qcow2/${s.join(' ; ')}`, setup: qSetup, cmd: `qemu-io ${s.map((c) => `-c ${q(c).replace('-f raw ', '')}`).join(' ')} t.img` });
  }
  // Not here: a compressed write over several clusters where one is allocated (QEMU's parallel tasks
  // write a timing-dependent set of the others), shrinking the 3T image (QEMU takes minutes).
  for (const [name, setup] of QIMGS) {
    for (const c of QIMG_CMDS.filter((x) => name !== 'big' || !x.startsWith('truncate'))) out.push({ id: `iodd-q-${name}/${c}`, setup, cmd: `qemu-io -c ${q(c)} -c map t.img` });
  }
  for (const c of ['read -v 4294967280 32', 'read -v 4294967290 8', 'read -v 0x1ffffffff0 16', 'alloc 4294967280 64', 'alloc 4G', 'map', 'read -P 0x61 4294967280 16',
    'write -P 1 0x1fffffffff 1', 'truncate 9G', 'discard 4G 1', 'write -z 4294967295 2', 'read 8G 1', 'read 0x1ffffffffff 1']) {
    out.push({ id: `iodd-big-raw/${c}`, setup: BIG_SETUP, cmd: `qemu-io -f raw -c ${q(c)} big.img`, images: false });
    out.push({ id: `iodd-big-qcow2/${c}`, setup: BIG_SETUP, cmd: `qemu-io -c ${q(c)} bq.img`, images: false });
  }
  for (const a of STARTUP) out.push({ id: `iodd-start/${a}`, setup: `${RAW_SETUP} && printf "abcdefgh%.0s" $(seq 64) > src`, cmd: `qemu-io ${a}` });
  return out;
}

/** qcow2 runtime options through open -o, reopen -o and --image-opts. */
const Q_RUNTIME = [
  'l2-cache-size=1M', 'l2-cache-size=0', 'l2-cache-size=512', 'l2-cache-size=1x', 'l2-cache-entry-size=4k', 'l2-cache-entry-size=512', 'l2-cache-entry-size=3000',
  'l2-cache-entry-size=128k', 'refcount-cache-size=1M', 'refcount-cache-size=1', 'cache-size=1M', 'cache-size=0', 'cache-size=1M,l2-cache-size=512k,refcount-cache-size=512k',
  'cache-size=1M,l2-cache-size=2M', 'cache-size=64k,l2-cache-size=32k,refcount-cache-size=32k', 'cache-clean-interval=0', 'cache-clean-interval=10', 'cache-clean-interval=x',
  'cache-clean-interval=4294967296', 'overlap-check=none', 'overlap-check=all', 'overlap-check=cached', 'overlap-check=constant', 'overlap-check=bogus', 'overlap-check.template=all',
  'overlap-check.template=bogus', 'overlap-check.main-header=off', 'overlap-check.main-header=bogus', 'overlap-check=none,overlap-check.template=none', 'overlap-check.bogus=on',
  'lazy-refcounts=on', 'lazy-refcounts=bogus', 'pass-discard-request=on', 'pass-discard-request=off', 'pass-discard-snapshot=off', 'pass-discard-other=on', 'discard-no-unref=on',
  'data-file=x', 'data-file.filename=x', 'encrypt.format=aes', 'encrypt.key-secret=s', 'backing=', 'backing.driver=raw', 'file.locking=off', 'file.aio=bogus', 'bogus=1',
];

/**
 * open -o / reopen -o with qcow2 options on a 0.10 image (lazy refcounts need v3). Not here:
 * overlap-check and overlap-check.template with different values when opening (ours refuses
 * the pair as options that cannot nest), lazy-refcounts=on reopening a dirty read-only image.
 */
export function ioOddRuntimeCases() {
  const out = [];
  const setup = `${QCOW2_SETUP} && qemu-img create -f qcow2 -o compat=0.10 v2.img 1M >/dev/null`;
  for (const o of Q_RUNTIME) {
    out.push({ id: `iodd-qopen/${o}`, setup, cmd: `qemu-io -c ${q(`open -o ${o} t.img`)} -c 'write -P 1 0 64k' -c 'read -P 1 0 64k' -c info` });
    out.push({ id: `iodd-qreopen/${o}`, setup, cmd: `qemu-io -c ${q(`reopen -o ${o}`)} -c 'write -P 1 0 64k' -c info t.img` });
    out.push({ id: `iodd-qimgopts/${o}`, setup, cmd: `qemu-io --image-opts -c 'read -P 0x5a 0 64k' -c 'discard 0 64k' -c map driver=qcow2,file.filename=t.img,${o}` });
  }
  for (const o of ['lazy-refcounts=on', 'lazy-refcounts=off', 'cache-clean-interval=5', 'l2-cache-size=1M']) {
    out.push({ id: `iodd-qopen-v2/${o}`, setup, cmd: `qemu-io -c ${q(`open -o ${o} v2.img`)} -c info` });
    out.push({ id: `iodd-qreopen-v2/${o}`, setup, cmd: `qemu-io -c ${q(`reopen -o ${o}`)} -c info v2.img` });
  }
  // A corrupt image (the flag set in the header) and a dirty one (lazy refcounts left unflushed).
  const corrupt = `${QCOW2_SETUP} && printf '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02' | dd of=t.img bs=1 seek=72 conv=notrunc 2>/dev/null`;
  const dirty = `${QCOW2_SETUP} && printf '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01' | dd of=t.img bs=1 seek=72 conv=notrunc 2>/dev/null`;
  for (const [name, st] of [['corrupt', corrupt], ['dirty', dirty]]) {
    for (const c of ["-c 'read -P 0x5a 0 64k' t.img", "-r -c 'read -P 0x5a 0 64k' -c info t.img", "-c 'write 0 1' t.img", "-r -c 'reopen -w' t.img", "-c 'open -r t.img' -c 'reopen -w'",
      "-U -r -c map t.img", "-c info -c 'write -z 0 64k' -c map t.img"]) {
      out.push({ id: `iodd-${name}/${c}`, setup: st, cmd: `qemu-io ${c}` });
    }
  }
  return out;
}

/**
 * Commands on unusual graphs: null-co, blkdebug with alignment and max-transfer, raw windows, copy-on-read.
 * Not here: the copy-on-read and throttle filter drivers (not implemented), null-co with a bad size
 * (QEMU aborts), aio_read with -C (completion order is reworked elsewhere).
 */
const GRAPH_CMDS = [
  'read -v 0 16', 'read -v 100 20', 'write -P 1 100 20', 'write -z 100 20', 'write -z 0 8k', 'discard 100 5000', 'alloc 0 64k', 'map', 'info', 'length',
  'truncate 2M', 'write -c 0 64k', 'readv -v 1 7 9', 'writev -P 3 1 7 9', 'aio_read -v 3 5', 'aio_write -P 4 3 5', 'flush', 'write -f -P 5 7 9',
];
const GRAPHS = [
  ['null', 'driver=null-co,size=1M'], ['null-zeroes', 'driver=null-co,size=1M,read-zeroes=on'], ['null-aio', 'driver=null-aio,size=1000'], ['null-nosize', 'driver=null-co'],
  ['null-latency', 'driver=null-co,size=1M,latency-ns=1000'],
  ['bd-align', 'driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.align=4096'],
  ['bd-maxtx', 'driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.max-transfer=4096,file.align=512'],
  ['bd-opt', 'driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.opt-write-zero=8192,file.max-write-zero=16384,file.opt-discard=8192,file.max-discard=16384,file.align=512'],
  ['raw-window', 'driver=raw,file.filename=t.img,offset=4096,size=65536'], ['raw-window-odd', 'driver=raw,file.filename=t.img,offset=100,size=1000'],
];

export function ioOddGraphCases() {
  const out = [];
  for (const [name, opts] of GRAPHS) {
    for (const c of GRAPH_CMDS) {
      // QEMU 7.2 dies on an unaligned discard through blkdebug (SIGFPE or an assertion).
      if (name.startsWith('bd-') && c.startsWith('discard')) continue;
      out.push({ id: `iodd-graph-${name}/${c}`, setup: RAW_SETUP, cmd: `qemu-io --image-opts -c ${q(c)} ${q(opts)}` });
    }
  }
  const chain = `${CHAIN_SETUP}`;
  for (const c of ['read -P 0x11 0 64k', 'read 0 1M', 'read -P 0x11 128k 1', 'readv 0 512 512', 'read -v 200k 16']) {
    out.push({ id: `iodd-cor/${c}`, setup: chain, cmd: `qemu-io -C -c ${q(c)} -c map t.img` });
    out.push({ id: `iodd-cor-open/${c}`, setup: chain, cmd: `qemu-io -c 'open -C t.img' -c ${q(c)} -c map` });
    out.push({ id: `iodd-cor-ro/${c}`, setup: chain, cmd: `qemu-io -C -r -c ${q(c)} -c map t.img` });
  }
  return out;
}

/** Every odd number in every numeric argument of the commands the read/write scan leaves out. */
export function ioOddNumberCases() {
  const out = [];
  const forms = ['readv 0 N', 'readv N 512', 'writev -P 1 0 512 N', 'aio_read N 512', 'aio_write -P 1 0 N', 'discard N 512', 'discard 0 N', 'alloc N 1',
    'alloc 0 N', 'truncate N', 'sleep N', 'sigraise N', 'read -P 0x5a -s N -l 1 0 512', 'read -P 0x5a -s 0 -l N 0 512'];
  for (const f of forms) {
    for (const n of uniq(BAD_NUMBERS).filter((x) => x.trim() !== '' && !/^(9223372036854775807|4294967296|1G|1T|1E|8E|1M|1m)$/.test(x))) {
      const c = f.replace('N', n);
      out.push({ id: `iodd-num/${c}`, setup: RAW_SETUP, cmd: `qemu-io -f raw -c ${q(c)} t.img` });
    }
  }
  return out;
}
