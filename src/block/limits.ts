// QEMU's ceiling on offsets and lengths as an exact integer, for the messages that quote it.

/**
 * BDRV_MAX_LENGTH of QEMU 7.2 (INT64_MAX aligned down to 1 GiB). Our requests stop far below it
 * (numbers are exact only up to 2^53), but values beyond it are refused with QEMU's words.
 */
export const QEMU_BDRV_MAX_LENGTH = 9223372035781033984n;

/** bdrv_check_request()'s message when `offset` lies beyond the ceiling, else undefined. */
export function offsetLimitError(offset: bigint): string | undefined {
  return offset > QEMU_BDRV_MAX_LENGTH ? `offset(${offset}) exceeds maximum(${QEMU_BDRV_MAX_LENGTH})` : undefined;
}
