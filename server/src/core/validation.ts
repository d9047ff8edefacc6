import type { ZodError, z } from "zod";
import { ValidationError } from "./errors.js";

/**
 * The first issue of a ZodError as a ValidationError naming its field
 * (`items.2.quantity`); `location` names the field when the whole input is
 * wrong (a body that is not an object).
 */
export function validationErrorFrom(error: ZodError, location = "body"): ValidationError {
  const issue = error.issues[0];
  if (!issue) return new ValidationError(location, "ورودی نامعتبر است.");
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : location;
  return new ValidationError(field, issue.message);
}

/** Parses a value or throws a ValidationError naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, location: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationErrorFrom(result.error, location);
  return result.data;
}
