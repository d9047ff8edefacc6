/** The part of AdminJS's bundler (`adminjs/bundler`, shipped without types) that bundle.ts uses. */
declare module "adminjs/bundler" {
  import type AdminJS from "adminjs";

  interface RollupOptions {
    input?: string;
    file?: string;
    plugins?: unknown[];
    [key: string]: unknown;
  }

  export class AssetBundler {
    constructor(input: RollupOptions, output: RollupOptions);
    build(): Promise<void>;
  }

  /** AdminJS's own configuration for user components (babel with React and TypeScript, externals as globals). */
  export const componentsBundler: { inputOptions: RollupOptions; outputOptions: RollupOptions };

  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string;
}
