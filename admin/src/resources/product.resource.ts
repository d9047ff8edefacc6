import { CategoryNotFoundError } from "@mall/server/catalog/catalog.errors.js";
import { allowedTo } from "../access.js";
import type { ProductAttributeChoiceInput } from "@mall/server/catalog/catalog.schemas.js";
import type { Category } from "@mall/server/catalog/category.entity.js";
import { getCategory, getCategoryIn } from "@mall/server/catalog/category.service.js";
import { generateInstances, setProductChoices } from "@mall/server/catalog/instance.service.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import { activeInstanceCount, createProduct, productDetail, updateProduct } from "@mall/server/catalog/product.service.js";
import { ValidationError } from "@mall/server/core/errors.js";
import { authorize } from "@mall/server/identity/authorization.js";
import { presentGallery } from "@mall/server/media/media.presenters.js";
import { MediaNotFoundError } from "@mall/server/media/media.errors.js";
import { deleteMedia, getMedia, listProductMedia } from "@mall/server/media/media.service.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { ActionContext, ActionHandler, ActionResponse, RecordActionResponse, ResourceWithOptions } from "adminjs";
import type { Access } from "../access.js";
import { historyAction } from "./audit.resource.js";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { hidden, nobody, persianNumber, readOnly, showOnly, storeReference, timestamps, toman } from "../features/properties.js";
import { sanitizeDescription } from "../sanitize.js";
import { boolean, defined, integer, nullableText, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";
import { formatNumber } from "@mall/locale";

/**
 * Products. Creating and editing go through the product service (slug,
 * search text, min price, outbox); descriptions are sanitised right before
 * it. "Models" chooses the categorizer values and generates the instances
 * (colors × sizes); "images" uploads through the media service. A product is
 * deactivated, never deleted (orders keep pointing at its instances).
 */
export class ProductResource extends ServiceResource<Product> {
  protected readonly resourceId = "products";
  protected readonly entity = Product;
  protected readonly alias = "product";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "categoryId", reference: "categories", column: "categoryId" },
      { path: "nameFa", column: "nameFa", filterColumn: "searchText", match: "search" },
      { path: "name", column: "name" },
      { path: "slug", column: "slug" },
      { path: "description", type: "richtext", column: "description", isSortable: false },
      { path: "basePrice", numeric: true, column: "basePrice" },
      { path: "minPrice", numeric: true, column: "minPrice" },
      { path: "isActive", type: "boolean", column: "isActive" },
      { path: "viewCount", numeric: true, column: "viewCount" },
      { path: "gallery", type: "mixed", isArray: true, isSortable: false },
      { path: "instances", type: "mixed", isArray: true, isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  protected override toParams(product: Product) {
    const { images: _images, videos: _videos, searchText: _searchText, ...params } = product;
    return params;
  }

  /** The category a product goes in, which decides its store: one of the person's, or "not found" on the field. */
  private async categoryOf({ ctx, access }: WriteScope, id: string | undefined): Promise<Category> {
    // None chosen (a new store has none yet): say so, rather than "no such category".
    if (!id)
      throw new ValidationError(
        "categoryId",
        "دسته‌بندی محصول را انتخاب کنید؛ اگر هنوز دسته‌بندی ندارید، نخست در «دسته‌بندی‌ها» یکی بسازید.",
      );
    return getCategoryIn(ctx, access.storeIds, id, "categoryId");
  }

  protected override async createRow(scope: WriteScope, params: Params): Promise<Product> {
    const category = await this.categoryOf(scope, text(params, "categoryId"));
    const storeId = await storeForNewRow(scope, category.storeId, "categoryId");
    return createProduct(scope.ctx, storeId, {
      categoryId: category.id,
      name: nullableText(params, "name") ?? null,
      nameFa: text(params, "nameFa") ?? "",
      slug: text(params, "slug") || undefined,
      description: sanitizeDescription(text(params, "description") ?? ""),
      basePrice: integer(params, "basePrice") as number,
      isActive: boolean(params, "isActive") ?? true,
    });
  }

  protected override async updateRow(scope: WriteScope, product: Product, params: Params): Promise<Product> {
    const { ctx } = scope;
    await authorize(ctx, "catalog:write", { storeId: product.storeId });
    const categoryId = text(params, "categoryId");
    if (categoryId !== undefined && categoryId !== product.categoryId) {
      const category = await this.categoryOf(scope, categoryId);
      if (category.storeId !== product.storeId) throw new CategoryNotFoundError("categoryId");
    }
    const description = text(params, "description");
    return updateProduct(
      ctx,
      product.storeId,
      product.id,
      defined({
        categoryId,
        name: nullableText(params, "name"),
        nameFa: text(params, "nameFa"),
        slug: text(params, "slug") || undefined,
        description: description === undefined ? undefined : sanitizeDescription(description),
        basePrice: integer(params, "basePrice") as number | undefined,
        isActive: boolean(params, "isActive"),
      }),
    );
  }

  private async readScope(context: ActionContext, id: string): Promise<{ ctx: ServiceContext; access: Access; product: Product }> {
    const access = await this.accessOf(context);
    const ctx: ServiceContext = { manager: this.manager(), actor: access.actor };
    const query = this.scoped(this.query(ctx.manager), access);
    if (!this.whereId(query, id)) throw recordNotFound();
    const product = await query.getOne();
    if (!product) throw recordNotFound();
    return { ctx, access, product };
  }

  /** What the "models" page offers: every attribute that applies, with its values and what the product chose. */
  async choices(context: ActionContext, id: string) {
    const { ctx, product } = await this.readScope(context, id);
    const detail = await productDetail(ctx, product, { activeInstancesOnly: false });
    return detail.attributes.map((entry) => ({
      id: entry.attribute.id,
      nameFa: entry.attribute.nameFa,
      type: entry.attribute.type,
      isCategorizer: entry.attribute.isCategorizer,
      isRequired: entry.attribute.isRequired,
      values: entry.values.map((value) => ({ id: value.id, valueFa: value.valueFa, hex: value.hex })),
      chosenValueIds: entry.chosenValueIds,
      text: entry.text,
    }));
  }

  /**
   * Saves the product's attribute choices and generates its instances: one
   * per combination of the chosen categorizer values, new ones starting
   * with `stock`. Both through the catalog services, in one transaction.
   */
  async generate(context: ActionContext, id: string, input: { choices: unknown; stock: unknown }) {
    return this.write(context, async ({ ctx, access }) => {
      const product = await this.loadForWrite(ctx.manager, access, id);
      await authorize(ctx, "catalog:write", { storeId: product.storeId });
      if (input.choices !== undefined) {
        const category = await getCategory(ctx, product.storeId, product.categoryId);
        await setProductChoices(ctx, product, category, parseChoices(input.choices));
      }
      const stock = integer({ stock: input.stock }, "stock");
      const result = await generateInstances(ctx, product.storeId, product.id, stock === undefined ? {} : { stock: stock as number });
      const active = await activeInstanceCount(ctx, product.storeId, product.id);
      return { ...result, active };
    });
  }

  /** A product's images and videos as its pages show them. */
  async gallery(context: ActionContext, id: string) {
    const { ctx, product } = await this.readScope(context, id);
    return presentGallery(await listProductMedia(ctx, product.storeId, product.id), this.deps.platform.mediaStorage);
  }

  /** Deletes one of the product's images through the media service (its files go with the media job). */
  async deleteImage(context: ActionContext, id: string, mediaId: string): Promise<void> {
    await this.write(context, async ({ ctx, access }) => {
      const product = await this.loadForWrite(ctx.manager, access, id);
      await authorize(ctx, "catalog:write", { storeId: product.storeId });
      const media = await getMedia(ctx, product.storeId, mediaId);
      if (media.productId !== product.id) throw new MediaNotFoundError();
      await deleteMedia(ctx, this.deps.platform.mediaStorage, product.storeId, media.id);
    });
  }

  /** The instances for the product's page. */
  async instanceRows(context: ActionContext, id: string) {
    const { ctx, product } = await this.readScope(context, id);
    const detail = await productDetail(ctx, product, { activeInstancesOnly: false });
    return detail.instances.map(({ instance, attributes }) => ({
      id: instance.id,
      sku: instance.sku,
      label: attributes.map((attribute) => attribute.value).join(" / "),
      colors: attributes.flatMap((attribute) => (attribute.colorHex ? [attribute.colorHex] : [])),
      price: instance.price,
      effectivePrice: instance.price ?? product.basePrice,
      stock: instance.stock,
      isActive: instance.isActive,
    }));
  }
}

/** The "models" form's choices (JSON from the component, or already parsed). */
function parseChoices(raw: unknown): ProductAttributeChoiceInput[] {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValidationError("choices", "انتخاب ویژگی‌ها معتبر نیست.");
    }
  }
  if (!Array.isArray(value)) throw new ValidationError("choices", "انتخاب ویژگی‌ها معتبر نیست.");
  return value as ProductAttributeChoiceInput[];
}

const generateHandler: ActionHandler<RecordActionResponse & { attributes?: unknown }> = async (request, _response, context) => {
  const { record, resource, currentAdmin, h } = context;
  if (!record) throw recordNotFound();
  const products = resource as ProductResource;
  const id = String(record.id());
  if (request.method !== "post") return { record: record.toJSON(currentAdmin), attributes: await products.choices(context, id) };
  const payload = (request.payload ?? {}) as Params;
  const result = await products.generate(context, id, { choices: payload.choices, stock: payload.stock });
  return {
    record: record.toJSON(currentAdmin),
    notice: {
      message: "instancesGenerated",
      options: { created: formatNumber(result.created), active: formatNumber(result.active) },
      type: "success",
    },
    redirectUrl: h.recordActionUrl({ resourceId: "products", recordId: id, actionName: "show" }),
  };
};

const imagesHandler: ActionHandler<RecordActionResponse & { gallery?: unknown }> = async (request, _response, context) => {
  const { record, resource, currentAdmin } = context;
  if (!record) throw recordNotFound();
  const products = resource as ProductResource;
  const id = String(record.id());
  const deleteId = text((request.payload ?? {}) as Params, "deleteMediaId");
  if (request.method === "post" && deleteId) {
    await products.deleteImage(context, id, deleteId);
    return {
      record: record.toJSON(currentAdmin),
      gallery: await products.gallery(context, id),
      notice: { message: "imageDeleted", type: "success" },
    };
  }
  return { record: record.toJSON(currentAdmin), gallery: await products.gallery(context, id) };
};

/** Adds the instances and the gallery to a product's page. */
const withInstancesAndGallery = async (response: ActionResponse, _request: unknown, context: ActionContext): Promise<ActionResponse> => {
  const id = response.record?.id;
  if (id && response.record) {
    const products = context.resource as ProductResource;
    response.record.params.instances = await products.instanceRows(context, String(id));
    response.record.params.gallery = await products.gallery(context, String(id));
  }
  return response;
};

export function productResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new ProductResource(deps),
    options: {
      navigation: { name: "catalog", icon: "Package" },
      titleProperty: "nameFa",
      listProperties: ["nameFa", "categoryId", "basePrice", "minPrice", "isActive", "createdAt"],
      showProperties: [
        "nameFa",
        "name",
        "slug",
        "categoryId",
        "basePrice",
        "minPrice",
        "isActive",
        "gallery",
        "instances",
        "description",
        "viewCount",
        "storeId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: ["categoryId", "nameFa", "name", "slug", "basePrice", "isActive", "description"],
      filterProperties: ["nameFa", "categoryId", "isActive", "storeId", "createdAt"],
      properties: {
        id: hidden,
        storeId: storeReference,
        nameFa: { isTitle: true, isRequired: true },
        // Left to right when there is one, «—» when there is none (it is optional).
        name: { description: "latinNameHelp", components: { show: Components.LtrText } },
        slug: { description: "slugHelp" },
        categoryId: { isRequired: true },
        description: { type: "richtext" },
        basePrice: { ...toman, isRequired: true },
        minPrice: { ...toman, ...readOnly },
        isActive: { components: { edit: Components.ActiveCheckbox } },
        viewCount: { ...persianNumber, ...showOnly },
        gallery: { ...showOnly, type: "mixed", components: { show: Components.ProductGallery } },
        instances: { ...showOnly, type: "mixed", components: { show: Components.ProductInstances } },
        ...timestamps(),
      },
      actions: {
        history: historyAction,
        show: { after: withInstancesAndGallery },
        new: { ...allowedTo("catalog:write") },
        edit: { ...allowedTo("catalog:write") },
        delete: nobody,
        bulkDelete: nobody,
        generateInstances: {
          ...allowedTo("catalog:write"),
          actionType: "record",
          icon: "Layers",
          component: Components.GenerateInstances,
          handler: generateHandler,
        },
        csv: {
          ...allowedTo("catalog:write"),
          actionType: "resource",
          icon: "FileText",
          component: Components.ProductCsv,
          // The page talks to /admin/catalog-csv (catalog-csv.ts); the action itself only shows it.
          handler: async () => ({}),
        },
        images: {
          ...allowedTo("catalog:write"),
          actionType: "record",
          icon: "Image",
          component: Components.ProductMedia,
          handler: imagesHandler,
        },
      },
    },
  };
}
