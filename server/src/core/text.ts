/** Text placed inside a SQL LIKE/ILIKE pattern, matched literally (PostgreSQL's default `\` escape). The one LIKE escaper. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
