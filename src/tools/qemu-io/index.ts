// Entry point for the bin shim and the in-process runner: qemu-io's main.

export { main } from './main.ts';
