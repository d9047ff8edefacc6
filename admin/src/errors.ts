import { DomainError } from "@mall/server/core/errors.js";
import { z } from "@mall/server/platform/zod.js";
import { NotFoundError, ValidationError, type PropertyErrors } from "adminjs";

/** The Persian message AdminJS shows for a record that is not there (or not the merchant's: the same answer). */
export const RECORD_NOT_FOUND = "recordNotFound";

/** AdminJS's "not found" for a record outside the person's stores; the message is a translation key. */
export function recordNotFound(): NotFoundError {
  return new NotFoundError(RECORD_NOT_FOUND, "Action#handler");
}

/**
 * Turns what a domain service refused into what AdminJS shows: an DomainError
 * naming a field becomes that field's error (its Persian message beside the
 * input), a ZodError becomes one error per field, and the first message is
 * also the notice at the top. `fieldOf` renames a service's field to the
 * form's (an attribute value's `hex` is the form's `values.2.hex`).
 * Anything else is a bug and is rethrown.
 */
export function toAdminError(error: unknown, fieldOf: (field: string) => string = (field) => field): Error {
  if (error instanceof ValidationError || error instanceof NotFoundError) return error;
  if (error instanceof DomainError) {
    const base = { message: error.message, type: error.code };
    return new ValidationError(error.field ? { [fieldOf(error.field)]: base } : {}, base);
  }
  if (error instanceof z.ZodError) {
    const errors: PropertyErrors = {};
    for (const issue of error.issues) {
      const field = fieldOf(issue.path.length > 0 ? issue.path.map(String).join(".") : "form");
      errors[field] ??= { message: issue.message, type: issue.code };
    }
    const first = error.issues[0];
    return new ValidationError(errors, { message: first?.message ?? "ورودی نامعتبر است.", type: "invalid_input" });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A field error of the form, for input the back office checks before calling a service. */
export function fieldError(field: string, message: string, type = "invalid_input"): ValidationError {
  return new ValidationError({ [field]: { message, type } }, { message, type });
}
