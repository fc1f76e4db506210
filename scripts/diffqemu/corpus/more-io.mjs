// More qemu-io: odd lengths and offsets, patterns, dumps, aio, open/reopen options, global options, json: and driver options.

import { QCOW2_SETUP, RAW_SETUP, q } from './common.mjs';

const CMDS = [
  'read 0 100', 'read 1 1', 'read 511 2', 'read 100 1000', 'read -v 0 100', 'read -v 100 33', 'read -v 65530 20', 'read -P 0x5a 1 100', 'read -P 0x5a 65535 2',
  'read -P 90 0 512', 'read -P 0132 0 512', 'read -P 0x5A 0 512', 'read -P 0x5a5a 0 512', 'read -P " 0x5a" 0 512', 'read -P 0x5a 0 1.5k', 'read 1k 1.5k', 'read 0.5k 512',
  'read 1M 0', 'read 1M 1', 'read 2M 0', 'read -q -v 0 16', 'read -C -q 0 512', 'read -Cv 0 16', 'read -l 5 0 512', 'read -s 5 -l 5 -P 0x5a 0 512', 'read -s 0 -l 512 -P 0x5a 0 512',
  'read -s 511 -l 1 -P 0x5a 0 512', 'read -s 512 -l 1 -P 0x5a 0 512', 'read -s 1 -l 511 -P 0x5a 0 512', 'read -P 0x5a -s 1k -l 1 0 4k', 'read -b 0 100', 'read -p 0 512',
  'read 0 1G', 'read 0 4G', 'read 0 0x7fffffff', 'read 0 0x80000000', 'read 9223372036854775807 1', 'read 0 9223372036854775807', 'read -- -1 1',
  'write 0 100', 'write 1 1', 'write -P 0xab 1 511', 'write -P 0x100 0 1', 'write -P -1 0 1', 'write -P 1x 0 1', 'write -z 1 1', 'write -z 1 511', 'write -z -u 0 1', 'write -z -f 0 512',
  'write -c 0 512', 'write -c 0 100', 'write -c 64k 64k', 'write -q 0 512', 'write -C 0 512', 'write -Cq 0 512', 'write -P 7 1048575 1', 'write -P 7 1048575 2', 'write 0 1G', 'write -z 0 1G',
  'write -z 1M 0', 'write 1M 0', 'write -n 0 1', 'write -b 1 1', 'write -s src 0 100', 'write -s src 1 512', 'write -s src 0 513', 'write -s /dev/null 0 512', 'write -s . 0 512', 'write -s "" 0 512',
  'writev 0 100 100', 'writev -P 3 1 1 1 1', 'writev 0 512 -1', 'writev 0 1G 1G 1G', 'writev -C 0 512 512', 'writev -q -P 4 0 1k 1k', 'readv 0 100 100', 'readv -v 0 7 9', 'readv -P 0x5a 0 100 412',
  'readv -P 0x5a -v 0 16', 'readv -C 0 512 512', 'readv 0 1G 1G 1G',
  'aio_read -i 0 512', 'aio_write -i 0 512', 'aio_read -P 0x5a 1 100', 'aio_read -C 0 512', 'aio_read -q 0 512', 'aio_write -C -P 1 0 512', 'aio_write -q -P 1 0 512', 'aio_write -z 0 64k',
  'aio_write -zu 0 64k', 'aio_write -f -P 2 0 512', 'aio_write -P 3 0 100', 'aio_write -z 1M 1', 'aio_read 1M 1', 'aio_read -v 0 16 16', 'aio_write -P 1 0 1G',
  'alloc 0 100', 'alloc 100 100', 'alloc 0 0x100', 'alloc 1M 0', 'alloc 0 1G', 'alloc 512k', 'alloc -- -1', 'map -x', 'discard 0 100', 'discard 1 511', 'discard -q 0 1M', 'discard -C 0 1M',
  'discard 0 1G', 'discard 1M 0', 'truncate 1.5M', 'truncate 1k', 'truncate 1', 'truncate -m off 1k', 'truncate -m full 3M', 'truncate -m metadata 3M', 'truncate 9223372036854775807', 'truncate 8E',
  'truncate 0x100000', 'sleep 0', 'sleep 1.5', 'sleep 0x10', 'sigraise 15', 'sigraise 2', 'sigraise 1', 'sigraise 9', 'sigraise 100', 'sigraise 0x10', 'flush -x', 'help -x', 'help help', 'help sleep',
  'help sigraise', 'help abort', 'help truncate', 'help length', 'help map', 'help alloc', 'help discard', 'help reopen', 'help open', 'help aio_flush', 'help flush', 'help info', 'help close',
  'help quit', 'help write', 'help writev', 'help readv', 'help aio_write', 'help aio_read', 'help break', 'help resume', 'help wait_break', 'help remove_break', 'help r', 'help w', 'help q',
  'info -x', 'length -x', 'quit -x', 'close -x', 'r 0 512', 'w -P 1 0 512', 'l 0 1', 'l', 'o -r -f raw t.img', 'c', 'f', 'a 0 512',
];

const SEQS = [
  ['write -P 1 0 100', 'read -v 0 112'], ['truncate 100', 'read -v 0 112', 'write -P 2 90 20', 'length', 'read -v 96 32'], ['truncate 1k', 'write -z 1000 24', 'map'],
  ['aio_write -P 1 0 512', 'aio_write -P 2 0 512', 'aio_flush', 'read -v 0 16'], ['aio_read 0 512', 'close'], ['aio_write -P 4 0 512', 'close', 'open -f raw t.img', 'read -P 4 0 512'],
  ['aio_write -P 5 0 512', 'flush', 'read -P 5 0 512'], ['aio_read -P 0x5a 0 512', 'aio_read -P 0 64k 512', 'aio_flush'], ['aio_write -P 6 0 512', 'quit'],
  ['reopen -r', 'info', 'discard 0 64k', 'truncate 2M', 'write -z 0 512'], ['reopen -r', 'reopen -r', 'reopen -w', 'reopen -w', 'write 0 1'], ['reopen -c none', 'reopen -c writeback', 'write 0 1'],
  ['reopen -o discard=unmap', 'discard 0 64k', 'map'], ['reopen -o detect-zeroes=on', 'write -P 0 0 64k', 'map'], ['reopen -o detect-zeroes=unmap', 'write -P 0 0 64k', 'map'],
  ['reopen -o detect-zeroes=unmap,discard=unmap', 'write -P 0 0 64k', 'map'], ['reopen -o detect-zeroes=bogus'], ['reopen -o cache.direct=bogus'], ['reopen -o discard=bogus'],
  ['reopen -o read-only=on', 'write 0 1'], ['reopen -r -o read-only=off'], ['reopen -w -o read-only=on'], ['reopen -c none -o cache.direct=off'], ['reopen -o cache.writeback=off'],
  ['reopen -o cache.no-flush=bogus'], ['reopen -o file.locking=on'], ['reopen -o file.aio=native'], ['reopen -o file.filename=t.img'], ['reopen -o driver=raw'], ['reopen -o offset=512'],
  ['reopen -o size=512', 'length'], ['reopen -o node-name=foo'], ['reopen -o x=1,y=2'], ['reopen -o'], ['reopen -o ""'], ['reopen -o ,'], ['reopen -c'], ['reopen -c writethrough', 'info'],
  ['close', 'open'], ['close', 'open -f raw'], ['close', 'open -f raw -o driver=qcow2 t.img'], ['close', 'open -o driver=raw,file.driver=file,file.filename=t.img', 'info'],
  ['close', 'open -f raw -r t.img', 'write 0 1'], ['close', 'open -f raw -n t.img', 'read 0 1'], ['close', 'open -f raw -k -n t.img', 'read 0 1'], ['close', 'open -f raw -t unsafe t.img', 'write 0 1'],
  ['close', 'open -f raw -t writethrough -d unmap t.img', 'discard 0 64k', 'map'], ['close', 'open -f raw -d ignore t.img', 'discard 0 64k', 'map'], ['close', 'open -f raw -U -r t.img', 'info'],
  ['close', 'open -f raw -o offset=512,size=1024 t.img', 'length', 'read -P 0x5a 0 1024'], ['close', 'open -f raw -o offset=1M t.img', 'length'], ['close', 'open -f raw -o offset=2M t.img'],
  ['close', 'open -f raw -o size=2M t.img'], ['close', 'open -f raw -o size=1000 t.img'], ['close', 'open -f raw -o offset=-1 t.img'], ['close', 'open -f raw -o offset=x t.img'],
  ['close', 'open -f raw -o offset=511 t.img', 'length'], ['close', 'open -f raw -o file.locking=bogus t.img'], ['close', 'open -f raw -o file.locking=auto t.img', 'info'],
  ['close', 'open -f raw -o file.aio=threads t.img', 'read 0 1'], ['close', 'open -f raw -o file.aio=io_uring t.img', 'read 0 1'], ['close', 'open -f raw -o file.x-check-cache-dropped=on t.img', 'read 0 1'],
  ['close', 'open -f raw -o file.drop-cache=off t.img', 'read 0 1'], ['close', 'open -f raw -o file.pr-manager=x t.img'], ['close', 'open -f raw -o file.bogus=1 t.img'],
  ['close', 'open -f raw -o file.filename=other t.img'], ['close', 'open -f raw -o cache.direct=on,cache.no-flush=on t.img', 'write 0 1'], ['close', 'open -f raw -o force-share=on t.img'],
  ['close', 'open -f raw -o force-share=on -r t.img', 'read 0 1'], ['close', 'open -f raw -o auto-read-only=off t.img'], ['close', 'open -f raw -o read-only=bogus t.img'],
  ['close', 'open -f raw -o discard=ignore t.img', 'discard 0 64k', 'map'], ['close', 'open -f raw -o detect-zeroes=on,discard=unmap t.img', 'write -P 0 0 64k', 'map'],
  ['close', 'open -f raw -o node-name=a,node-name=b t.img'], ['close', 'open -f raw -o driver=raw t.img extra'],
];

const STARTUP = [
  '-t none -f raw -c "write 0 512" t.img', '-t writethrough -f raw -c "write 0 512" -c info t.img', '-t unsafe -f raw -c "write 0 512" t.img', '-t directsync -c info t.img',
  '-d ignore -f raw -c "discard 0 64k" -c map t.img', '-d off -f raw -c "discard 0 64k" -c map t.img', '-d on -f raw -c "discard 0 64k" -c map t.img',
  '-i threads -f raw -c "read 0 512" t.img', '-i native -t none -f raw -c "read 0 512" t.img', '-i native -t writeback -f raw -c "read 0 512" t.img', '-i io_uring -f raw -c "read 0 512" t.img',
  '-n -i native -f raw -c "read 0 512" t.img', '-k -f raw -c "read 0 512" t.img', '-m -c "read 0 512" t.img', '-q -f raw -c "read 0 512" t.img', '-v -f raw -c "read 0 512" t.img',
  '-U -f raw -c "write 0 512" t.img', '-U -c info t.img', '-s -c "write -P 7 0 512" -c "read -P 7 0 512" t.img', '-s -r -f raw -c "write 0 512" t.img', '-s -c info t.img',
  '-T bogus_event -f raw -c "read 0 512" t.img', '-T "enable=bogus*" -f raw -c "read 0 512" t.img', '-T file=/dev/null -f raw -c "read 0 512" t.img', '-T events=nofile -f raw -c "read 0 512" t.img',
  '--image-opts -c info "driver=raw,file.driver=file,file.filename=t.img,file.locking=off"', '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,file.aio=native"',
  '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,file.aio=native,cache.direct=on"', '--image-opts -c "read 0 1" "driver=file,filename=t.img,locking=off"',
  '--image-opts -c "read 0 1" "driver=qcow2,file.filename=t.img"', '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,offset=1048576"',
  '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,offset=1048577"', '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,size=0"', '--image-opts -c length "driver=raw,file.filename=t.img,size=512,offset=1048064"',
  '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,size=513"', '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,offset=1x"', '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,size=-1"',
  '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,offset=512,offset=1024"', '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img" "driver=raw,file.filename=t.img"',
  '--image-opts -c "read 0 1" "driver=raw,file.filename=t.img,read-only=on,force-share=on"', '--image-opts -r -c "write 0 1" "driver=raw,file.filename=t.img"',
  '--image-opts -c "write -P 0 0 64k" -c map "driver=raw,file.filename=t.img,detect-zeroes=unmap,discard=unmap"', '--image-opts -c "read 0 1" "driver=raw,file=t.img"',
  '--image-opts -c "read 0 1" "driver=raw,file.driver=raw,file.file.filename=t.img"', '--image-opts -c "read 0 1" "driver=raw,file.driver=null-co"',
  '-c "read 0 1" \'json:{"driver":"raw","file":{"driver":"raw","file":{"driver":"file","filename":"t.img"}}}\'', '-c info -c "read -P 0x5a 0 512" \'json:{"driver":"raw","offset":512,"file":{"driver":"file","filename":"t.img"}}\'',
  '-c length \'json:{"driver":"raw","size":4096,"file":{"driver":"file","filename":"t.img"}}\'', '-c length \'json:{"driver":"raw","size":"4096","file":{"driver":"file","filename":"t.img"}}\'',
  '-c length \'json:{"driver":"raw","size":4096.5,"file":{"driver":"file","filename":"t.img"}}\'', '-c length \'json:{"driver":"raw","size":-1,"file":{"driver":"file","filename":"t.img"}}\'',
  '-c length \'json:{"driver":"raw","file.filename":"t.img"}\'', '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img","locking":"off"}}\'',
  '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img","locking":false}}\'', '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img","aio":"threads"}}\'',
  '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img","aio":1}}\'', '-c length \'json:{"driver":"raw","read-only":true,"file":{"driver":"file","filename":"t.img"}}\'',
  '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":["t.img"]}}\'', '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":null}}\'',
  '-c length \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img"}} \'', '-c length \' json:{"driver":"raw","file":"t.img"}\'', '-c length \'json:{"driver":"raw","file":"t.img","file":"x"}\'',
  '-c length \'json:{"driver":"blkdebug","image":{"driver":"file","filename":"t.img"}}\'', '-c length \'json:{"driver":"blkverify","raw":"t.img","test":"t.img"}\'',
  '-c length \'json:{"driver":"blkverify","raw":{"driver":"file","filename":"t.img"},"test":{"driver":"raw","file":{"driver":"file","filename":"t.img"}}}\'',
  '-f raw -c length "json:{\\"driver\\":\\"file\\",\\"filename\\":\\"t.img\\"}"', '-f qcow2 -c length \'json:{"driver":"raw","file":"t.img"}\'', '-c length json:', '-c length "json:{}"', '-c length "json:null"',
  '-c length "json:{\\"driver\\":1}"', '-c length "json:{\\"file\\":\\"t.img\\"}"', '-f raw -c length "file:t.img,x"', '-f raw -c length "file:"', '-f raw -c length "file:./t.img"',
  '-f raw -c length "./t.img"', '-f raw -c length "$PWD/t.img"', '-f raw -c length "t.img/"', '-f raw -c length "/dev/null"', '-c length "/dev/null"', '-f raw -c "read 0 1" "/dev/zero"',
  '-c "open -f raw t.img" -c "open -f raw t.img"', '-c "read 0 1" -c "open -f raw t.img" -c "read 0 1"', '-f raw -c "write -P 1 0 1" -c "close" -c "open -f raw -s t.img" -c "write -P 2 0 1" -c "read -P 2 0 1" -c close -c "open -f raw t.img" -c "read -v 0 1"',
  '--object secret,id=s,data=x --object secret,id=s,data=y -f raw -c length t.img', '--object secret,id=s,file=nofile -f raw -c length t.img', '--object secret,id=s,data=x,format=base64 -f raw -c length t.img',
  '--object secret -f raw -c length t.img', '--object id=s -f raw -c length t.img', '--object "secret,id=s,data=a,,b" -f raw -c length t.img', '--object secret,help', '--object throttle-group,id=t -f raw -c length t.img',
  '-f raw t.img -c length', '-c length -f raw -- t.img', '-f raw -- -c length', '-f', '-c', '--cmd', '--format', '--image-opts', '-f raw -c "" t.img', '-f raw -c "   " t.img', '-f raw -c "#" t.img',
];

export function moreIoCases() {
  const out = [];
  const setup = `${RAW_SETUP} && printf 'abcdefgh%.0s' $(seq 64) > src`;
  for (const c of CMDS) {
    out.push({ id: `m-io-raw/${c}`, setup, cmd: `qemu-io -f raw -c ${q(c)} t.img` });
    if (!/^(help|sigraise|sleep)/.test(c)) out.push({ id: `m-io-qcow2/${c}`, setup: `${QCOW2_SETUP} && printf 'abcdefgh%.0s' $(seq 64) > src`, cmd: `qemu-io -f qcow2 -c ${q(c)} t.img` });
  }
  for (const s of SEQS) out.push({ id: `m-io-seq/${s.join(' ; ')}`, setup, cmd: `qemu-io -f raw ${s.map((c) => `-c ${q(c)}`).join(' ')} t.img` });
  for (const s of SEQS.filter((x) => x[0].startsWith('reopen') || x[0].startsWith('aio'))) {
    out.push({ id: `m-io-seq-qcow2/${s.join(' ; ')}`, setup: QCOW2_SETUP, cmd: `qemu-io ${s.map((c) => `-c ${q(c)}`).join(' ')} t.img` });
  }
  for (const a of STARTUP) out.push({ id: `m-io-start/${a}`, setup, cmd: `qemu-io ${a}` });
  out.push({ id: 'm-io-stdin/prompt', setup, cmd: 'qemu-io -f raw t.img', stdin: 'help quit\nlength\nsleep 1\nread -v 0 4\n' });
  out.push({ id: 'm-io-stdin/eof-mid', setup, cmd: 'qemu-io -f raw t.img', stdin: 'length' });
  out.push({ id: 'm-io-stdin/quote', setup, cmd: 'qemu-io -f raw t.img', stdin: 'read "0" 512\nread \'0 512\'\nwrite -P 1 0 "1 2"\n' });
  out.push({ id: 'm-io-file/zero-length', setup: ': > e.img', cmd: 'qemu-io -f raw -c length -c "read 0 1" -c "write -P 1 0 1" -c map -c "read -v 0 512" e.img' });
  out.push({ id: 'm-io-file/zero-length-qcow2', setup: ': > e.img', cmd: 'qemu-io -f qcow2 -c length e.img' });
  out.push({ id: 'm-io-file/dir-qcow2', setup: 'mkdir d', cmd: 'qemu-io -f qcow2 -c length d; qemu-io -r -f raw -c length d; qemu-io --image-opts -c length driver=file,filename=d' });
  return out;
}
