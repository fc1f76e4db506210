// Sessions and chains: qemu-io open/reopen variants, blkdebug/blkverify, backing chains through commit/rebase/map/compare, probing restrictions.

import { CHAIN_SETUP, QCOW2_SETUP, RAW_SETUP, q } from './common.mjs';

const OPEN_VARIANTS = [
  'open -f raw t.img', 'open -r -f raw t.img', 'open -U -f raw t.img', 'open -s -f raw t.img', 'open -n -f raw t.img', 'open -t none -f raw t.img',
  'open -t bogus -f raw t.img', 'open -d unmap -f raw t.img', 'open -d bogus -f raw t.img', 'open -C -f raw t.img', 'open -k -f raw t.img',
  'open -k -t none -f raw t.img', 'open -i native -f raw t.img', 'open -o driver=raw,file.filename=t.img', 'open -o driver=raw t.img', 'open -o bogus=1 -f raw t.img',
  'open -o read-only=on -f raw t.img', 'open -f raw -o file.locking=off t.img', 'open -c -f raw t.img', 'open -f raw t.img extra', 'open -f bogus t.img',
  'open json:{"driver":"raw","file":{"driver":"file","filename":"t.img"}}', 'open blkdebug::t.img', 'open -f raw blkdebug::t.img', 'open file:t.img',
  'open -o driver=raw,file.driver=file,file.filename=t.img,file.aio=bogus', 'open -f raw -o cache.direct=on t.img', 'open -f raw -o discard=unmap t.img',
  'open -f raw -o detect-zeroes=unmap t.img', 'open -f raw -o detect-zeroes=unmap,discard=unmap t.img', 'open -f raw -o detect-zeroes=bogus t.img',
  'open -f raw -o auto-read-only=on -r t.img', 'open -f raw -o node-name=n0 t.img', 'open -f raw -o node-name=0bad t.img', 'open -r', 'open nofile',
];
const AFTER_OPEN = ['info', 'write -P 3 0 512', 'read -P 0x5a 512 512', 'write -z 0 64k', 'map', 'alloc 0 64k'];

const REOPEN_VARIANTS = [
  'reopen -c none', 'reopen -c writethrough', 'reopen -c directsync', 'reopen -c unsafe', 'reopen -c bogus', 'reopen -r', 'reopen -w', 'reopen -r -c none',
  'reopen -o discard=unmap', 'reopen -o detect-zeroes=on', 'reopen -o detect-zeroes=unmap', 'reopen -o cache.direct=on', 'reopen -o cache.no-flush=on',
  'reopen -o bogus=1', 'reopen -o driver=qcow2', 'reopen -o file.filename=x', 'reopen -o node-name=x', 'reopen -o read-only=off', 'reopen -o auto-read-only=on',
  'reopen -o backing=null', 'reopen -o file.locking=off',
];

const BLK = [
  ['raw', RAW_SETUP + ' && printf "[inject-error]\\nevent = \\"read_aio\\"\\nerrno = \\"5\\"\\n" > dbg.conf', [
    "-c 'read 0 512' blkdebug::t.img", "-c 'read 0 512' blkdebug:dbg.conf:t.img", "-c 'write 0 512' blkdebug:dbg.conf:t.img", "-c 'read 0 512' blkdebug:nofile:t.img",
    "-c 'read 0 512' 'blkverify:t.img:t.img'", "-c 'write -P 1 0 512' -c 'read -P 1 0 512' 'blkverify:t.img:c.img'", "-c 'read 0 512' blkverify:t.img",
    "-c 'break write_aio A' -c 'aio_write 0 512' -c 'wait_break A' -c 'resume A' -c 'aio_flush' blkdebug::t.img",
    "-c 'break write_aio A' -c 'remove_break A' -c 'remove_break A' blkdebug::t.img", "-c 'break bogus A' blkdebug::t.img",
    "-c 'resume B' blkdebug::t.img", "-c info -c map blkdebug::t.img", "-c 'read 0 512' --image-opts driver=blkdebug,image.driver=raw,image.file.filename=t.img",
    "-c 'read 0 512' --image-opts driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.align=4096", "-c 'read 1 511' --image-opts driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.align=4096",
    "-c 'read 0 512' --image-opts driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.align=3",
    "-c 'read 0 512' --image-opts driver=raw,file.driver=blkdebug,file.image.filename=t.img,file.max-transfer=4096",
  ]],
];

export function extraCases() {
  const out = [];
  for (const o of OPEN_VARIANTS) {
    out.push({ id: `x-open/${o}`, setup: RAW_SETUP, cmd: `qemu-io -c ${q(o)} -c info -c 'read -P 0x5a 0 512'` });
    out.push({ id: `x-open-close/${o}`, setup: RAW_SETUP, cmd: `qemu-io -f raw -c close -c ${q(o)} -c 'write -P 3 0 512' -c map t.img` });
  }
  out.push({ id: 'x-open/twice', setup: RAW_SETUP, cmd: `qemu-io -f raw -c 'open -f raw t.img' t.img` });
  for (const a of AFTER_OPEN) {
    out.push({ id: `x-open-ro/${a}`, setup: RAW_SETUP, cmd: `qemu-io -c 'open -r -f raw t.img' -c ${q(a)}` });
    out.push({ id: `x-open-snap/${a}`, setup: RAW_SETUP, cmd: `qemu-io -c 'open -s -f raw t.img' -c ${q(a)} -c 'read -P 0x5a 0 512'` });
    out.push({ id: `x-open-qcow2/${a}`, setup: QCOW2_SETUP, cmd: `qemu-io -c 'open t.img' -c ${q(a)}` });
  }
  for (const r of REOPEN_VARIANTS) {
    out.push({ id: `x-reopen-raw/${r}`, setup: RAW_SETUP, cmd: `qemu-io -f raw -c ${q(r)} -c 'write -P 1 0 512' -c info t.img` });
    out.push({ id: `x-reopen-ro/${r}`, setup: RAW_SETUP, cmd: `qemu-io -r -f raw -c ${q(r)} -c 'write -P 1 0 512' t.img` });
    out.push({ id: `x-reopen-qcow2/${r}`, setup: QCOW2_SETUP, cmd: `qemu-io -c ${q(r)} -c 'write -P 1 0 512' -c map t.img` });
  }
  for (const [fmt, setup, cmds] of BLK) {
    for (const c of cmds) out.push({ id: `x-blk-${fmt}/${c}`, setup: `${setup} && cp t.img c.img`, cmd: `qemu-io ${c}` });
  }
  return [...out, ...chainCases(), ...probeCases()];
}

function chainCases() {
  const out = [];
  const cmds = [
    'qemu-img map t.img', 'qemu-img map --output=json t.img', 'qemu-img map --output=json -f qcow2 t.img', 'qemu-img compare t.img b.img', 'qemu-img compare -s t.img b.img',
    'qemu-img commit t.img', 'qemu-img commit -d t.img', 'qemu-img commit -p t.img', 'qemu-img commit -b b.img t.img', 'qemu-img commit -b nofile t.img', 'qemu-img commit -f raw t.img',
    'qemu-img rebase -b "" t.img', 'qemu-img rebase -u -b "" t.img', 'qemu-img rebase -b n.img -F raw t.img', 'qemu-img rebase -u -b n.img -F raw t.img', 'qemu-img rebase -b n.img t.img',
    'qemu-img rebase -f qcow2 -b n.img -F raw -p t.img', 'qemu-img rebase -b b.img -F raw t.img', 'qemu-img rebase -b nofile -F raw t.img', 'qemu-img rebase -u -b nofile t.img',
    'qemu-img info --backing-chain t.img', 'qemu-img info --backing-chain --output=json t.img', 'qemu-img convert -O qcow2 t.img o.img', 'qemu-img convert -O qcow2 -B b.img -F raw t.img o.img',
    'qemu-img convert -O raw -f qcow2 t.img o.img', 'qemu-img measure -O qcow2 t.img', 'qemu-img check t.img', 'qemu-img check --output=json t.img',
    "qemu-io -c 'map' t.img", "qemu-io -c 'alloc 0 1M' -c 'alloc 64k 64k' t.img", "qemu-io -c 'read -P 0x11 0 64k' -c 'read -P 0x22 64k 64k' -c 'read -P 0x11 128k 128k' t.img",
    "qemu-io -c 'write -z 0 256k' -c map t.img", "qemu-io -c 'discard 0 1M' -c map -c 'read -P 0x11 0 64k' t.img", "qemu-io -C -c 'read -P 0x11 0 64k' -c map t.img",
    "qemu-io -c 'truncate 512k' -c 'read -P 0 256k 256k' -c map t.img", "qemu-io -c 'truncate 2M' -c 'read -P 0 1M 1M' -c map t.img", "qemu-io -c info t.img",
    "qemu-io -c 'reopen -o backing=null' -c map t.img", "qemu-io --image-opts -c map driver=qcow2,file.filename=t.img,backing=null",
    "qemu-io -c 'open -o backing.driver=raw t.img' -c map", 'qemu-img info --image-opts driver=qcow2,file.filename=t.img,backing=null',
  ];
  const setup = `${CHAIN_SETUP} && qemu-img create -f raw n.img 1M >/dev/null && qemu-io -f raw -c "write -P 0x11 0 128k" n.img >/dev/null`;
  for (const c of cmds) out.push({ id: `x-chain/${c}`, setup, cmd: c });
  const snap = 'qemu-img snapshot -c s1 t.img && qemu-io -c "write -P 0x77 0 64k" t.img >/dev/null';
  for (const c of ['qemu-img snapshot -l t.img', 'qemu-img snapshot -a s1 t.img', 'qemu-img snapshot -d s1 t.img', 'qemu-img snapshot -d s2 t.img', 'qemu-img snapshot -c s1 t.img',
    'qemu-img info t.img', 'qemu-img convert -l s1 -O raw t.img o.img', 'qemu-img convert -l snapshot.name=s1 -O raw t.img o.img', 'qemu-img convert -l snapshot.id=1 -O raw t.img o.img',
    'qemu-img convert -l s9 -O raw t.img o.img', 'qemu-img check t.img', "qemu-io -c 'read -P 0x77 0 64k' t.img", 'qemu-img measure -l s1 -O raw t.img', 'qemu-img measure -l s1 -O qcow2 t.img'])
    out.push({ id: `x-snap-qcow2/${c}`, setup: `${QCOW2_SETUP} && ${snap}`, cmd: c });
  return out;
}

function probeCases() {
  const out = [];
  const magic = "printf 'QFI\\xfb' > magic && printf '\\0\\0\\0\\0' > zero4";
  for (const c of ['write -s magic 0 4', 'write -s zero4 0 4', 'write -s magic 512 4', 'write -P 0 0 512', 'write -z 0 512', 'discard 0 64k', 'write -s magic 1 4',
    'aio_write -P 0 0 512', 'writev -P 0 0 256 256', 'truncate 0', 'write -s magic 0 4k']) {
    out.push({ id: `x-probe/${c}`, setup: `${RAW_SETUP} && ${magic}`, cmd: `qemu-io -c ${q(c)} -c 'read -v 0 16' t.img` });
    out.push({ id: `x-probe-f/${c}`, setup: `${RAW_SETUP} && ${magic}`, cmd: `qemu-io -f raw -c ${q(c)} -c 'read -v 0 16' t.img` });
  }
  for (const c of ['qemu-img convert -O raw t.img o.img', 'qemu-img dd if=t.img of=o.img', 'qemu-img resize t.img 2M']) {
    out.push({ id: `x-probe-img/${c}`, setup: `${RAW_SETUP} && ${magic}`, cmd: c });
  }
  out.push({ id: 'x-names/comma', setup: 'qemu-img create -f raw "a,b.img" 1M >/dev/null', cmd: "qemu-io -f raw -c 'read 0 512' 'a,b.img'" });
  out.push({ id: 'x-names/comma-opts', setup: 'qemu-img create -f raw "a,b.img" 1M >/dev/null', cmd: "qemu-io --image-opts -c 'read 0 512' 'driver=raw,file.filename=a,,b.img'" });
  out.push({ id: 'x-names/colon', setup: 'truncate -s 1M a:b.img', cmd: "qemu-io -f raw -c 'read 0 512' 'a:b.img'" });
  out.push({ id: 'x-names/colon-img', setup: 'truncate -s 1M a:b.img', cmd: "qemu-img info 'a:b.img'" });
  out.push({ id: 'x-names/space', setup: 'qemu-img create -f raw "a b.img" 1M >/dev/null', cmd: "qemu-img info 'a b.img' && qemu-img info --output=json 'a b.img'" });
  out.push({ id: 'x-names/quote', setup: 'qemu-img create -f raw "a\\"b.img" 1M >/dev/null', cmd: "qemu-img info --output=json 'a\"b.img'" });
  out.push({ id: 'x-names/subdir', setup: 'mkdir d && qemu-img create -f raw d/b.img 1M >/dev/null && qemu-img create -f qcow2 -b b.img -F raw d/t.img >/dev/null', cmd: 'qemu-img info --backing-chain d/t.img && qemu-io -c map d/t.img' });
  out.push({ id: 'x-names/abs-backing', setup: 'qemu-img create -f raw b.img 1M >/dev/null && qemu-img create -f qcow2 -b "$PWD/b.img" -F raw t.img >/dev/null', cmd: 'qemu-img info t.img && qemu-img rebase -u -b b.img -F raw t.img && qemu-img info t.img' });
  return out;
}
