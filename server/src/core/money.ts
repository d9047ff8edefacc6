import type { ValueTransformer } from "typeorm";

/**
 * Rials live in `bigint` columns; the pg driver hands bigint back as a string
 * (a JS number loses precision past 2^53). Rials fit a JS number for any
 * realistic price, so we read them as numbers and refuse unsafe values rather
 * than corrupt them silently.
 */
export const rialsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null || value === undefined) return value;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new RangeError(`Rial amount ${value} is beyond the safe integer range`);
    return parsed;
  },
};

/** Column options for an amount of Rials; use as `@Column(rialsColumn())`. */
export function rialsColumn(options: { name?: string; nullable?: boolean; default?: number } = {}) {
  return { type: "bigint" as const, transformer: rialsTransformer, ...options };
}
