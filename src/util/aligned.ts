// Page-aligned byte buffers for large I/O: the kernel copies to and from them several times faster.
//
// Why: pread/pwrite copy between the page cache and our buffer with `rep movsb`, which on common
// x86 CPUs runs 4-5x slower when the user buffer is not 64-byte aligned. A large ArrayBuffer comes
// from malloc and starts 16 bytes into a page; a WebAssembly.Memory is mmap'ed page-aligned.

/** Bytes of one WebAssembly page. */
const WASM_PAGE = 65536;
/** Below this a plain allocation is cheaper than the mmap behind a WebAssembly.Memory. */
const MIN_ALIGNED = 1024 * 1024;

/**
 * A zeroed buffer of `bytes` bytes, page-aligned when it is large (falls back to a plain
 * Uint8Array where WebAssembly memories cannot be made, e.g. under a small address-space limit).
 */
export function alignedBytes(bytes: number): Uint8Array {
  return bytes < MIN_ALIGNED ? new Uint8Array(bytes) : pageAlignedBytes(bytes);
}

/**
 * A zeroed page-aligned buffer of `bytes` bytes whatever its size: for a buffer reused by many
 * requests (each such buffer costs an mmap of whole 64 KiB pages).
 */
export function pageAlignedBytes(bytes: number): Uint8Array {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  try {
    return new Uint8Array(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer, 0, bytes);
  } catch {
    return new Uint8Array(bytes);
  }
}
