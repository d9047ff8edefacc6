import { normalisePhone } from "@mall/locale";
import { ValidationError } from "../core/errors.js";

export class InvalidPhoneError extends ValidationError {
  constructor(field = "phone") {
    super(field, "شمارهٔ همراه معتبر نیست؛ یک شمارهٔ همراه ایرانی مثل ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید.", "invalid_phone");
  }
}

/** normalisePhone (@mall/locale), or a ValidationError naming the field. */
export function requirePhone(input: string, field = "phone"): string {
  const phone = normalisePhone(input);
  if (!phone) throw new InvalidPhoneError(field);
  return phone;
}
