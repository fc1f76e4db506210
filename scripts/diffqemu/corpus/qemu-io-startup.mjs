// qemu-io's own command line: options, modes (valid and invalid), image naming variants, missing/odd files.

import { QCOW2_SETUP, RAW_SETUP, q } from './common.mjs';

const STARTUP = [
  '-h', '--help', '-V', '--version', '-x', '--bogus', '-c', '-f', '-t', '-i', '-d', '-T', '--object',
  '-c help', "-c 'read 0 512'", '-f bogus t.img', '-f raw', '-f qcow2 t.img', '-f raw -c "read 0 1" t.img',
  '-r -f raw -c "write 0 512" t.img', '-r -f raw -c "read 0 512" t.img', '-n -f raw -c "read 0 512" t.img',
  '-s -f raw -c "write 0 512" -c "read -P 0xcd 0 512" t.img', '-C -f raw -c "read 0 512" t.img', '-m -f raw -c "read 0 512" t.img',
  '-k -f raw -c "read 0 512" t.img', '-U -f raw -c "read 0 512" t.img',
  ...['none', 'writeback', 'writethrough', 'directsync', 'unsafe', 'bogus', ''].map((m) => `-t ${q(m)} -f raw -c "read 0 512" t.img`),
  ...['threads', 'native', 'io_uring', 'bogus', ''].map((m) => `-i ${q(m)} -f raw -c "read 0 512" t.img`),
  '-t none -i native -f raw -c "read 0 512" t.img', '-n -k -f raw -c "read 0 512" t.img',
  ...['ignore', 'off', 'unmap', 'on', 'bogus', ''].map((m) => `-d ${q(m)} -f raw -c "discard 0 64k" t.img`),
  '--cache=none -f raw -c "read 0 512" t.img', '--aio=bogus -f raw t.img', '--discard=unmap -f raw -c "discard 0 64k" -c map t.img',
  '--format=raw --cmd="read 0 512" t.img', '--read-only -f raw -c "write 0 1" t.img', '--snapshot -f raw -c "write 0 1" t.img',
  '-f raw t.img t.img', '-f raw -c "read 0 1" t.img extra', '-f raw -c "read 0 1" nofile', '-c "read 0 1" nofile',
  '-f raw -c "read 0 1" .', '-c "read 0 1" .', '-f raw -c "read 0 1" ""', '-c "read 0 1" t.img',
  '-f qcow2 -c "read 0 1" t.img', '-f vmdk -c "read 0 1" t.img',
  '--image-opts -c "read 0 512" driver=raw,file.filename=t.img', '--image-opts -c "read 0 512" t.img',
  '--image-opts -c "read 0 512" driver=raw,file.driver=file,file.filename=t.img',
  '--image-opts -c "read 0 512" driver=bogus,file.filename=t.img', '--image-opts -c "read 0 512" driver=raw',
  '--image-opts -c "read 0 512" driver=raw,file.filename=t.img,bogus=1', '--image-opts -f raw -c "read 0 1" driver=raw,file.filename=t.img',
  '--image-opts -c "read 0 512" driver=file,filename=t.img', '--image-opts -c "read 0 512" file.filename=t.img',
  '--image-opts -c "read 0 512" driver=raw,file.filename=t.img,read-only=on -c "write 0 1"',
  '--image-opts -c "read 0 512" "driver=raw,file.filename=t.img,,x"',
  '--image-opts -c info driver=raw,file.filename=t.img,offset=512,size=1024 -c "read -P 0x5a 0 1024" -c length',
  '--image-opts -c length driver=raw,file.filename=t.img,offset=1048576',
  '--image-opts -c length driver=raw,file.filename=t.img,size=1000',
  '-c "read -P 0x5a 0 512" \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img"}}\'',
  '-c "read 0 512" \'json:{"driver":"raw","file":"t.img"}\'', '-c "read 0 512" \'json:{"file":{"driver":"file","filename":"t.img"}}\'',
  '-c "read 0 512" \'json:{"driver":"raw","file":{"filename":"t.img"}}\'', '-c "read 0 512" \'json:{bogus\'', '-c "read 0 512" \'json:[]\'',
  '-c "read 0 512" \'json:{"driver":"raw"}\'', '-c "read 0 512" \'json:{"driver":"raw","file":{"driver":"file","filename":"nofile"}}\'',
  '-c "read 0 512" \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img"},"bogus":1}\'',
  '-f raw -c "read 0 512" file:t.img', '-c "read 0 512" file:t.img', '-f raw -c "read 0 512" file:nofile',
  '-c "read 0 512" bogusproto:t.img', '-f raw -c "read 0 512" "t.img,x"',
  '-f raw -c "open -f raw t.img" t.img', '-f raw -c "open -f raw -o bogus=1 t.img"', '-c "open -r -f raw t.img" -c "write 0 1"',
  '-f raw -T bogus -c "read 0 1" t.img', '-T help', '--object bogus', '--object help', '--object secret,id=s0,data=x -f raw -c "read 0 1" t.img',
  '--object secret,id=s0 -f raw t.img', '-U -r -f raw -c "read 0 512" t.img',
];

const INPUTS = [
  'read 0 512\n', 'read 0 512\nquit\nread 0 512\n', 'bogus\n', '\n\n', 'read -P 0x5a 0 512', 'help read\n',
  'write 0 512\nread 0 512\n', 'open -f raw t.img\nread 0 512\n', '   read   0   512  \n', 'read\t0\t512\n',
];

export function qemuIoStartupCases() {
  const out = [];
  for (const a of STARTUP) out.push({ id: `io-start-raw/${a}`, setup: RAW_SETUP, cmd: `qemu-io ${a}` });
  for (const a of STARTUP.filter((x) => /t\.img/.test(x) && !/-f raw|driver=raw/.test(x)).slice(0, 20))
    out.push({ id: `io-start-qcow2/${a}`, setup: QCOW2_SETUP, cmd: `qemu-io ${a}` });
  out.push({ id: 'io-start/dir-as-image', setup: 'mkdir d', cmd: 'qemu-io -f raw -c "read 0 1" d' });
  out.push({ id: 'io-start/dir-as-image-probe', setup: 'mkdir d', cmd: 'qemu-io -c "read 0 1" d' });
  out.push({ id: 'io-start/empty-file-probe', setup: ': > e', cmd: 'qemu-io -c "read 0 1" -c length e' });
  out.push({ id: 'io-start/small-file', setup: 'printf abc > e', cmd: 'qemu-io -c "read -v 0 3" -c length -c map e' });
  out.push({ id: 'io-start/small-file-raw', setup: 'printf abc > e', cmd: 'qemu-io -f raw -c "read -v 0 512" -c "write -P 1 0 5" -c length e' });
  for (const [i, input] of INPUTS.entries())
    out.push({ id: `io-stdin/${i}:${JSON.stringify(input)}`, setup: RAW_SETUP, cmd: 'qemu-io -f raw t.img', stdin: input });
  out.push({ id: 'io-stdin/noimg', cmd: 'qemu-io', stdin: 'read 0 1\nopen -f raw t.img\n' });
  return out;
}
