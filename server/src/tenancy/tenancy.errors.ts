import { ConflictError, GoneError, NotFoundError, ValidationError } from "../core/errors.js";

export class StoreNotFoundError extends NotFoundError {
  constructor(field?: string) {
    super("فروشگاهی با این نشانی پیدا نشد.", "store_not_found", field);
  }
}

export class StoreSuspendedError extends GoneError {
  constructor() {
    super("این فروشگاه موقتاً غیرفعال شده است.", "store_suspended");
  }
}

export class StoreDeletedError extends GoneError {
  constructor() {
    super("این فروشگاه حذف شده است.", "store_deleted");
  }
}

/** A member's change to a suspended store (issue 24 #8): reading goes on, changing waits for the store to be resumed. */
export class StoreReadOnlyError extends ConflictError {
  constructor() {
    super(
      "store",
      "این فروشگاه تعلیق شده است؛ تا رفع تعلیق فقط می‌توانید اطلاعات آن را ببینید و نمی‌توانید چیزی را تغییر دهید.",
      "store_suspended",
    );
  }
}

/** Nothing but an explicit restore may bring a soft-deleted store back; resume and suspend refuse it. */
export class StoreIsDeletedError extends ConflictError {
  constructor() {
    super("store", "این فروشگاه حذف شده است و با فعال‌سازی یا تعلیق برنمی‌گردد.", "store_deleted");
  }
}

export class MemberNotFoundError extends NotFoundError {
  constructor(field = "phone") {
    super("این شماره عضو این فروشگاه نیست.", "member_not_found", field);
  }
}

export class OwnerRemovalError extends ValidationError {
  constructor(field = "phone") {
    super(field, "مالک فروشگاه را نمی‌توان حذف کرد یا نقشش را تغییر داد.", "owner_cannot_be_removed");
  }
}

export class TenantNotFoundError extends NotFoundError {
  constructor(field = "tenant") {
    super("حساب مالکی با این شناسه پیدا نشد.", "tenant_not_found", field);
  }
}

export class SlugTakenError extends ConflictError {
  constructor(field = "slug") {
    super(field, "این نامک قبلاً استفاده شده است؛ نامک دیگری انتخاب کنید.", "slug_taken");
  }
}

export class StoreMismatchError extends ValidationError {
  constructor() {
    super("X-Store", "سرآیند X-Store با فروشگاهِ این نشانی یکی نیست.", "store_mismatch");
  }
}

export class StorePageNotFoundError extends NotFoundError {
  constructor(field = "slug") {
    super("صفحه‌ای با این نشانی در این فروشگاه نیست.", "page_not_found", field);
  }
}

export class PageSlugTakenError extends ConflictError {
  constructor() {
    super("slug", "صفحهٔ دیگری با این نشانی دارید؛ نشانی دیگری انتخاب کنید.", "page_slug_taken");
  }
}
