import { DomainError, ConflictError, NotFoundError } from "../core/errors.js";
import type { StoreRequestStatus } from "./store-request.entity.js";
import { toPersianDigits } from "@mall/locale";

export class StoreRequestNotFoundError extends NotFoundError {
  constructor(field = "id") {
    super("درخواستی با این شناسه پیدا نشد.", "store_request_not_found", field);
  }
}

/** Another request for the same slug is waiting for review (the partial unique index's rule). */
export class SlugRequestedError extends ConflictError {
  constructor(field = "slug") {
    super(field, "برای این نشانی درخواست دیگری در حال بررسی است؛ نشانی دیگری انتخاب کنید.", "slug_requested");
  }
}

export class StoreRequestDecidedError extends ConflictError {
  constructor(status: Exclude<StoreRequestStatus, "pending">, field = "id") {
    super(field, status === "approved" ? "این درخواست قبلاً تأیید شده است." : "این درخواست قبلاً رد شده است.", "store_request_decided");
  }
}

/** A person may have only a few requests waiting at once: the form is open to anyone with a phone. */
export class TooManyPendingRequestsError extends DomainError {
  constructor(limit: number) {
    super(
      "refused",
      "too_many_pending_requests",
      `شما ${toPersianDigits(limit)} درخواست در حال بررسی دارید؛ لطفاً تا اعلام نتیجهٔ آن‌ها صبر کنید.`,
    );
  }
}
