// placeholder
import type { ImgContext } from "./context.ts";
export const usage = "";
export async function run(_ctx: ImgContext, _argv: string[]): Promise<number> { return 1; }
