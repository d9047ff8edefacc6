import { REVIEW_STATUSES, ProductReview, type ReviewStatus } from "@mall/server/reviews/review.entity.js";
import { moderateReview } from "@mall/server/reviews/review.service.js";
import type { ParamsType, ResourceWithOptions } from "adminjs";
import type { EntityManager, SelectQueryBuilder } from "typeorm";
import { fieldError } from "../errors.js";
import { nobody, persianNumber, readOnly, storeReference, timestamps } from "../features/properties.js";
import { has, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";

/**
 * Shoppers' reviews of the store's products (issue 27 #1): the merchant reads
 * them within their stores and approves, hides or answers one through the
 * review service (audited); nothing else about a review can be changed here.
 */
export class ReviewResource extends ServiceResource<ProductReview> {
  protected readonly resourceId = "reviews";
  protected readonly entity = ProductReview;
  protected readonly alias = "review";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "productName", column: "product.nameFa", match: "persian" },
      { path: "rating", column: "rating", numeric: true },
      { path: "body", type: "textarea", column: "body", isSortable: false },
      { path: "author", column: "user.phone" },
      { path: "verifiedBuyer", type: "boolean", isSortable: false },
      { path: "status", column: "status", availableValues: REVIEW_STATUSES },
      { path: "reply", type: "textarea", column: "reply", isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  protected override query(manager: EntityManager): SelectQueryBuilder<ProductReview> {
    return super.query(manager).innerJoinAndSelect("review.product", "product").innerJoinAndSelect("review.user", "user");
  }

  protected override toParams(review: ProductReview): ParamsType {
    return {
      id: review.id,
      storeId: review.storeId,
      productName: review.product?.nameFa ?? "",
      rating: review.rating,
      body: review.body,
      author: [review.user?.name, review.user?.phone].filter(Boolean).join(" · "),
      verifiedBuyer: review.orderId !== null,
      status: review.status,
      reply: review.reply ?? "",
      createdAt: review.createdAt,
      updatedAt: review.updatedAt,
    };
  }

  protected override async updateRow({ ctx }: WriteScope, review: ProductReview, params: Params): Promise<ProductReview> {
    const status = text(params, "status");
    if (status !== undefined && status !== "" && !(REVIEW_STATUSES as readonly string[]).includes(status))
      throw fieldError("status", "وضعیت نظر را از فهرست انتخاب کنید.");
    return moderateReview(ctx, review.storeId, review.id, {
      ...(status ? { status: status as ReviewStatus } : {}),
      ...(has(params, "reply") ? { reply: text(params, "reply") ?? null } : {}),
    });
  }
}

export function reviewResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new ReviewResource(deps),
    options: {
      navigation: { name: "catalog", icon: "Star" },
      titleProperty: "productName",
      listProperties: ["productName", "rating", "body", "status", "verifiedBuyer", "createdAt"],
      showProperties: ["productName", "rating", "body", "author", "verifiedBuyer", "status", "reply", "storeId", "createdAt", "updatedAt"],
      editProperties: ["status", "reply"],
      filterProperties: ["status", "productName", "storeId", "createdAt"],
      properties: {
        id: { isVisible: false },
        storeId: { ...storeReference, isVisible: { list: false, show: true, edit: false, filter: true } },
        productName: { ...readOnly, isTitle: true },
        rating: { ...readOnly, ...persianNumber },
        body: { ...readOnly, type: "textarea" },
        author: readOnly,
        verifiedBuyer: readOnly,
        status: { isRequired: true },
        reply: { type: "textarea", description: "reviewReplyHelp" },
        ...timestamps(),
      },
      actions: { new: nobody, delete: nobody, bulkDelete: nobody },
    },
  };
}
