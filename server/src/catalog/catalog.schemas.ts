import { z } from "../platform/zod.js";
import { sanitizeDescription } from "./description-html.js";
import { ATTRIBUTE_TYPES } from "./attribute.entity.js";

// ─── Inputs ───────────────────────────────────────────────────────────────

/** A slug in a store's URLs: Latin or Persian letters, digits and dashes. */
export const catalogSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "نامک نمی‌تواند خالی باشد.")
  .max(120, "نامک حداکثر ۱۲۰ نویسه است.")
  .regex(/^[a-z0-9\u0600-\u06ff](?:[a-z0-9\u0600-\u06ff-]*[a-z0-9\u0600-\u06ff])?$/, "نامک فقط حرف، رقم و خط تیره دارد.");

const nameSchema = z.string().trim().min(1, "نام نمی‌تواند خالی باشد.").max(200, "نام حداکثر ۲۰۰ نویسه است.");
/** A product's Latin name: optional; left empty (or null) it is none. */
const latinNameSchema = z
  .string()
  .trim()
  .max(200, "نام لاتین حداکثر ۲۰۰ نویسه است.")
  .nullable()
  .transform((name) => name || null)
  .openapi({ description: "English or transliterated name; optional (empty or null: none)" });
/** A key used in filters and SKUs: `color`, `xl`, `navy-blue`. */
const keySchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "این مقدار نمی‌تواند خالی باشد.")
  .max(60)
  .regex(/^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/, "فقط حروف کوچک لاتین، رقم، خط تیره و زیرخط مجاز است.");
const rialsSchema = z
  .number("مبلغ باید عدد باشد.")
  .int("مبلغ به ریال و بدون اعشار است.")
  .min(0, "مبلغ نمی‌تواند منفی باشد.")
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "Rials, a whole number" });
const stockSchema = z
  .number("موجودی باید عدد باشد.")
  .int("موجودی باید عدد صحیح باشد.")
  .min(0, "موجودی نمی‌تواند منفی باشد.")
  .max(1_000_000_000);
const uuidSchema = (message: string) => z.uuid(message);
/** A gallery image as the API shows it (uploads go through the media routes). */
const productImageSchema = z
  .object({
    mediaId: z.uuid(),
    url: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    variants: z.array(z.object({ format: z.enum(["webp", "avif"]), width: z.number().int(), url: z.string() })),
  })
  .openapi("ProductImage");

export const createCategorySchema = z.object({
  name: nameSchema,
  nameFa: nameSchema,
  /** Made from the name when not given. */
  slug: catalogSlugSchema.optional(),
  parentId: uuidSchema("دستهٔ والد معتبر نیست.").nullable().default(null),
  isCategorizer: z.boolean().default(false),
});
export type CreateCategoryInput = z.input<typeof createCategorySchema>;

export const updateCategorySchema = z.object({
  name: nameSchema.optional(),
  nameFa: nameSchema.optional(),
  slug: catalogSlugSchema.optional(),
  isCategorizer: z.boolean().optional(),
});
export type UpdateCategoryInput = z.input<typeof updateCategorySchema>;

export const moveCategorySchema = z.object({
  /** null makes it a root category. */
  parentId: uuidSchema("دستهٔ والد معتبر نیست.").nullable(),
});

const hexSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, "رنگ را به شکل ‎#rrggbb‎ وارد کنید.");

export const attributeValueInputSchema = z.object({
  value: keySchema,
  valueFa: nameSchema,
  /** Required for color attributes. */
  hex: hexSchema.nullable().optional(),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
});
export type AttributeValueInput = z.input<typeof attributeValueInputSchema>;

export const updateAttributeValueSchema = z.object({
  valueFa: nameSchema.optional(),
  hex: hexSchema.nullable().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type UpdateAttributeValueInput = z.input<typeof updateAttributeValueSchema>;

export const createAttributeSchema = z.object({
  name: keySchema,
  nameFa: nameSchema,
  type: z.enum(ATTRIBUTE_TYPES, "نوع ویژگی یکی از color، size، description یا custom است."),
  isRequired: z.boolean().default(false),
  isCategorizer: z.boolean().default(false),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
  values: z.array(attributeValueInputSchema).max(200).default([]),
});
export type CreateAttributeInput = z.input<typeof createAttributeSchema>;

export const updateAttributeSchema = z.object({
  nameFa: nameSchema.optional(),
  isRequired: z.boolean().optional(),
  isCategorizer: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type UpdateAttributeInput = z.input<typeof updateAttributeSchema>;

/** A product's choice for one attribute: listed values (several only for a categorizer), or free text. */
export const productAttributeChoiceSchema = z.object({
  attributeId: uuidSchema("ویژگی معتبر نیست."),
  valueIds: z.array(uuidSchema("مقدار ویژگی معتبر نیست.")).max(200).default([]),
  text: z.string().trim().min(1).max(2000).optional(),
});
export type ProductAttributeChoiceInput = z.input<typeof productAttributeChoiceSchema>;

export const createProductSchema = z.object({
  categoryId: uuidSchema("دسته‌بندی معتبر نیست."),
  name: latinNameSchema.default(null),
  nameFa: nameSchema,
  /** Made from the Latin name when given, else from the Persian one. */
  slug: catalogSlugSchema.optional(),
  /** Rich text; cleaned to a small allow-list of tags (description-html.ts) before it is stored. */
  description: z.string().max(20000).default("").transform(sanitizeDescription),
  basePrice: rialsSchema,
  isActive: z.boolean().default(true),
  attributes: z.array(productAttributeChoiceSchema).max(50).default([]),
  /** Stock each newly generated instance starts with. */
  stock: stockSchema.default(0),
});
export type CreateProductInput = z.input<typeof createProductSchema>;

export const updateProductSchema = z.object({
  categoryId: uuidSchema("دسته‌بندی معتبر نیست.").optional(),
  /** null or empty removes the Latin name. */
  name: latinNameSchema.optional(),
  nameFa: nameSchema.optional(),
  slug: catalogSlugSchema.optional(),
  description: z.string().max(20000).transform(sanitizeDescription).optional(),
  basePrice: rialsSchema.optional(),
  isActive: z.boolean().optional(),
  /** Replaces every choice; instances are regenerated. */
  attributes: z.array(productAttributeChoiceSchema).max(50).optional(),
});
export type UpdateProductInput = z.input<typeof updateProductSchema>;

export const generateInstancesSchema = z.object({
  /** Stock each new instance starts with; existing instances keep theirs. */
  stock: stockSchema.default(0),
});
export type GenerateInstancesInput = z.input<typeof generateInstancesSchema>;

export const skuSchema = z
  .string()
  .trim()
  .min(1, "کد انبار (SKU) نمی‌تواند خالی باشد.")
  .max(100, "کد انبار (SKU) حداکثر ۱۰۰ نویسه است.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "کد انبار (SKU) فقط حروف لاتین، رقم، نقطه، خط تیره و / دارد.");

export const updateInstanceSchema = z
  .object({
    sku: skuSchema.optional(),
    /** null sells at the product's base price. */
    price: rialsSchema.nullable().optional(),
    /** The counted stock (a stocktake). */
    stock: stockSchema.optional(),
    /** Received (+) or removed (−) units; race-free against concurrent sales. */
    stockDelta: z
      .number("تغییر موجودی باید عدد باشد.")
      .int("تغییر موجودی باید عدد صحیح باشد.")
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .optional(),
    isActive: z.boolean().optional(),
  })
  .refine((input) => input.stock === undefined || input.stockDelta === undefined, {
    message: "موجودی و تغییر موجودی را با هم نفرستید.",
    path: ["stockDelta"],
  });
export type UpdateInstanceInput = z.input<typeof updateInstanceSchema>;

export const PRODUCT_SORTS = ["newest", "price_asc", "price_desc", "popular"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const queryBoolean = z.union(
  [z.boolean(), z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1")],
  "مقدار باید true یا false باشد.",
);
const queryRials = z.coerce
  .number("مبلغ باید عدد باشد.")
  .int("مبلغ به ریال و بدون اعشار است.")
  .min(0, "مبلغ نمی‌تواند منفی باشد.")
  .max(Number.MAX_SAFE_INTEGER);

/** Listing and search of products; the same filters on the store site, the category page and the back office. */
export const productQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200, "عبارت جست‌وجو حداکثر ۲۰۰ نویسه است.")
    .optional()
    .openapi({ description: "Words in Persian or English; ي/ی, ك/ک, ZWNJ, diacritics and digits of any script match alike" }),
  category: z.string().trim().min(1).max(120).optional().openapi({ description: "Category slug or id; its whole subtree is searched" }),
  attr: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(
      z
        .array(
          z
            .string()
            .trim()
            .regex(/^[^:]+:[^:]+$/, "فیلتر ویژگی را به شکل نام:مقدار بفرستید (color:red)."),
        )
        .max(10),
    )
    .optional()
    .openapi({ description: "Attribute filter `name:value[,value…]` (e.g. `color:red,blue`); repeat for several attributes" }),
  minPrice: queryRials.optional().openapi({ description: "Rials" }),
  maxPrice: queryRials.optional().openapi({ description: "Rials" }),
  inStock: queryBoolean.optional(),
  sort: z.enum(PRODUCT_SORTS, "ترتیب یکی از newest، price_asc، price_desc یا popular است.").default("newest"),
  cursor: z.string().max(500).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number("تعداد باید عدد باشد.").int().min(1, "تعداد دست‌کم ۱ است.").max(100, "تعداد حداکثر ۱۰۰ است.").default(24),
});
export type ProductQuery = z.output<typeof productQuerySchema>;

// ─── Responses ────────────────────────────────────────────────────────────

export const categorySchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    slug: z.string(),
    name: z.string(),
    nameFa: z.string(),
    isCategorizer: z.boolean(),
    depth: z.number().int(),
  })
  .openapi("Category");

export type CategoryNodeOutput = z.input<typeof categorySchema> & { children: CategoryNodeOutput[] };
export const categoryNodeSchema: z.ZodType<CategoryNodeOutput> = z
  .lazy(() => categorySchema.extend({ children: z.array(categoryNodeSchema) }))
  .openapi("CategoryNode");

export const categoryTreeSchema = z.object({ items: z.array(categoryNodeSchema) });

export const attributeValueSchema = z
  .object({
    id: z.uuid(),
    value: z.string(),
    valueFa: z.string(),
    hex: z.string().nullable(),
    sortOrder: z.number().int(),
  })
  .openapi("AttributeValue");

export const attributeSchema = z
  .object({
    id: z.uuid(),
    categoryId: z.uuid().openapi({ description: "Where it is defined; it applies to every category below too" }),
    name: z.string(),
    nameFa: z.string(),
    type: z.enum(ATTRIBUTE_TYPES),
    isRequired: z.boolean(),
    isCategorizer: z.boolean(),
    sortOrder: z.number().int(),
    values: z.array(attributeValueSchema),
  })
  .openapi("Attribute");

export const attributeListSchema = z.object({ items: z.array(attributeSchema) });

export const productSummarySchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string().nullable().openapi({ description: "The Latin name; null when the merchant gave none" }),
    nameFa: z.string(),
    categoryId: z.uuid(),
    basePrice: z.number().int().openapi({ description: "Rials" }),
    minPrice: z.number().int().openapi({ description: "Rials: the lowest price among active instances" }),
    images: z.array(productImageSchema),
    inStock: z.boolean(),
    isActive: z.boolean(),
    viewCount: z.number().int(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("ProductSummary");

/** `GET /search?q=…`: the header's suggestions and the search page. */
export const searchQuerySchema = z.object({
  q: z.string("عبارت جست‌وجو را بنویسید.").trim().min(1, "عبارت جست‌وجو را بنویسید.").max(200, "عبارت جست‌وجو حداکثر ۲۰۰ نویسه است."),
  limit: z.coerce.number("تعداد باید عدد باشد.").int().min(1, "تعداد دست‌کم ۱ است.").max(100, "تعداد حداکثر ۱۰۰ است.").default(8),
});

/** `GET /products/prices?ids=a,b`: up to 100 product ids, comma-separated. */
export const livePricesQuerySchema = z.object({
  ids: z
    .string("شناسهٔ محصولات را بفرستید.")
    .transform((value) => [
      ...new Set(
        value
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.uuid("شناسهٔ محصول معتبر نیست."))
        .min(1, "شناسهٔ محصولات را بفرستید.")
        .max(100, "حداکثر ۱۰۰ محصول را می‌توانید با هم بپرسید."),
    )
    .openapi({ type: "string", description: "Product ids, comma-separated (at most 100)" }),
});

export const livePricesSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        price: z
          .number()
          .int()
          .openapi({ description: "Rials: the lowest price a shopper can pay now (in-stock instances first), as listing cards show it" }),
        inStock: z.boolean(),
      }),
    ),
  })
  .openapi("LivePrices");

export const searchResultSchema = z
  .object({
    products: z.array(
      productSummarySchema.extend({
        match: z.enum(["exact", "words", "close"]).openapi({ description: "exact name, every word, or a close spelling (a typo)" }),
      }),
    ),
    categories: z.array(z.object({ id: z.uuid(), slug: z.string(), nameFa: z.string() })),
  })
  .openapi("SearchResult");

export const productListSchema = z
  .object({
    items: z.array(productSummarySchema),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .openapi("ProductList");

export const instanceAttributeSchema = z.object({
  attributeId: z.uuid(),
  name: z.string(),
  nameFa: z.string(),
  valueId: z.uuid().nullable(),
  value: z.string().openapi({ description: "What the shopper reads (Persian)" }),
  colorHex: z.string().nullable(),
});

export const instanceSchema = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    price: z.number().int().nullable().openapi({ description: "Rials; null sells at the product's base price" }),
    effectivePrice: z.number().int().openapi({ description: "Rials" }),
    stock: z.number().int(),
    isActive: z.boolean(),
    attributes: z.array(instanceAttributeSchema),
  })
  .openapi("ProductInstance");

export const productAttributeSchema = attributeSchema.extend({
  /** The values this product chose (of `values`), or its free text. */
  chosenValueIds: z.array(z.uuid()),
  text: z.string().nullable(),
});

export const productSchema = productSummarySchema
  .extend({
    description: z.string(),
    videos: z.array(z.string()),
    updatedAt: z.string().openapi({ format: "date-time" }),
    category: categorySchema,
    attributes: z.array(productAttributeSchema),
    instances: z.array(instanceSchema),
  })
  .openapi("Product");

export const categoryPageSchema = z
  .object({
    category: categorySchema,
    ancestors: z.array(categorySchema).openapi({ description: "Root first, for breadcrumbs" }),
    children: z.array(categorySchema),
    attributes: z.array(attributeSchema).openapi({ description: "Every attribute that applies here, inherited ones first" }),
    products: productListSchema,
  })
  .openapi("CategoryPage");

export const generateResultSchema = z.object({
  created: z.number().int(),
  deactivated: z.number().int(),
  product: productSchema,
});

export const viewResultSchema = z.object({ counted: z.boolean() });
