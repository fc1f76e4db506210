// qemu-io's `-v` dump: 16 bytes a line, "%08x:  " file offset, hex bytes, then alphanumerics (others as '.').

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/** The lines qemu-io's dump_buffer() prints for `data` read at `offset` (each line ends in "\n"). */
export function hexdump(data: Uint8Array, offset: number): string {
  let out = '';
  for (let i = 0; i < data.length; i += 16) {
    const line = data.subarray(i, Math.min(i + 16, data.length));
    out += (offset + i).toString(16).padStart(8, '0') + ':  ';
    let ascii = '';
    for (const b of line) {
      out += b.toString(16).padStart(2, '0') + ' ';
      ascii += isAlnum(b) ? String.fromCharCode(b) : '.';
    }
    out += ' ' + ascii + '\n';
  }
  return out;
}
