import { ConflictError, NotFoundError } from "../http/errors.js";

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
