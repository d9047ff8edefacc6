import { DomainError, ConflictError, NotFoundError, ValidationError } from "../core/errors.js";

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super("محصولی با این شناسه در این فروشگاه پیدا نشد.", "product_not_found");
  }
}

export class ProductSlugTakenError extends ConflictError {
  constructor() {
    super("slug", "محصول دیگری در این فروشگاه همین نامک را دارد.", "product_slug_taken");
  }
}

export class CategoryNotFoundError extends NotFoundError {
  constructor(field?: string) {
    super("دسته‌بندی‌ای با این مشخصات در این فروشگاه پیدا نشد.", "category_not_found", field);
  }
}

export class CategorySlugTakenError extends ConflictError {
  constructor() {
    super("slug", "دستهٔ دیگری در این فروشگاه همین نامک را دارد.", "category_slug_taken");
  }
}

/** A category moved under itself or one of its descendants. */
export class CategoryCycleError extends DomainError {
  constructor() {
    super("refused", "category_cycle", "یک دسته را نمی‌توان زیر خودش یا زیرمجموعه‌هایش برد.", "parentId");
  }
}

export class CategoryNotEmptyError extends ConflictError {
  constructor(what: "children" | "products") {
    super(
      "category",
      what === "children"
        ? "این دسته زیردسته دارد؛ ابتدا زیردسته‌ها را جابه‌جا یا حذف کنید."
        : "این دسته محصول دارد؛ ابتدا محصولاتش را به دستهٔ دیگری ببرید.",
      "category_not_empty",
    );
  }
}

export class AttributeNotFoundError extends NotFoundError {
  constructor(field?: string) {
    super("ویژگی‌ای با این شناسه در این فروشگاه پیدا نشد.", "attribute_not_found", field);
  }
}

export class AttributeNameTakenError extends ConflictError {
  constructor() {
    super("name", "ویژگی‌ای با همین نام در این دسته، دسته‌های بالاتر یا زیردسته‌هایش هست.", "attribute_name_taken");
  }
}

export class AttributeValueNotFoundError extends NotFoundError {
  constructor(field?: string) {
    super("این مقدار برای این ویژگی تعریف نشده است.", "attribute_value_not_found", field);
  }
}

export class AttributeValueTakenError extends ConflictError {
  constructor(field = "value") {
    super(field, "این ویژگی همین مقدار را دارد.", "attribute_value_taken");
  }
}

export class AttributeInUseError extends ConflictError {
  constructor(field: string) {
    super(field, "محصولاتی از این مورد استفاده می‌کنند؛ ابتدا آن را از محصولات بردارید.", "attribute_in_use");
  }
}

export class AttributeNotApplicableError extends ValidationError {
  constructor(field: string) {
    super(field, "این ویژگی برای دستهٔ این محصول تعریف نشده است.", "attribute_not_applicable");
  }
}

export class RequiredAttributeMissingError extends ValidationError {
  constructor(nameFa: string, field = "attributes") {
    super(field, `ویژگی «${nameFa}» برای این محصول الزامی است؛ مقدارش را مشخص کنید.`, "attribute_required");
  }
}

export class InstanceNotFoundError extends NotFoundError {
  /** `instanceId`: which one, when several were asked for at once (adjustStocks). */
  constructor(
    field?: string,
    readonly instanceId?: string,
  ) {
    super("این مدل از محصول در این فروشگاه پیدا نشد.", "instance_not_found", field);
  }
}

export class SkuTakenError extends ConflictError {
  constructor() {
    super("sku", "کد انبار (SKU) دیگری با همین مقدار در این فروشگاه هست.", "sku_taken");
  }
}

export class InsufficientStockError extends ConflictError {
  /** `instanceId`: which one was short, when several moved at once (adjustStocks). */
  constructor(
    field = "stock",
    readonly instanceId?: string,
  ) {
    super(field, "موجودی کافی نیست.", "insufficient_stock");
  }
}

export class InvalidCursorError extends ValidationError {
  constructor() {
    super("cursor", "نشانگر صفحه معتبر نیست؛ فهرست را از ابتدا بگیرید.", "invalid_cursor");
  }
}
