/**
 * The compressed twins' names (lib/precompress.ts writes them beside each
 * text file: `index.html.br`, `index.html.gz`). A module of its own, without
 * Astro's types, so that the server's tests can read a build's files with it.
 */
const TWIN_SUFFIXES = [".br", ".gz"] as const;

/** Whether a build's file is the compressed twin of another (both suffixes are three characters). */
export function isTwin(file: string): boolean {
  return TWIN_SUFFIXES.some((suffix) => file.endsWith(suffix));
}
