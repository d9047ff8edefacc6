import type { DataSource } from "typeorm";
import { ProductAttribute } from "../catalog/attribute.entity.js";
import { createAttribute } from "../catalog/attribute.service.js";
import { Category } from "../catalog/category.entity.js";
import { createCategory } from "../catalog/category.service.js";
import { Product } from "../catalog/product.entity.js";
import { createProduct } from "../catalog/product.service.js";
import type { ServiceContext } from "../core/context.js";
import { systemContext } from "../core/context.js";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acceptedType } from "../media/file-types.js";
import { processMedia } from "../media/media.job.js";
import { Media } from "../media/media.entity.js";
import { storeUpload } from "../media/media.service.js";
import type { MediaStorage } from "../media/storage.js";
import { ShippingMethod } from "../orders/shipping-method.entity.js";
import { createShippingMethod } from "../orders/shipping.service.js";
import type { Logger } from "../platform/logger.js";
import { Store } from "../tenancy/store.entity.js";
import { Tenant } from "../tenancy/tenant.entity.js";
import { createStore, createTenant, updateStoreSettings } from "../tenancy/tenancy.service.js";
import sharp from "sharp";
import { demoBanner, demoLogo, demoProductImage } from "./demo-images.js";

export const DEMO_OWNER_PHONE = "+989120000000";
export const DEMO_STORE_SLUG = "demo";

const COLORS = [
  { value: "red", valueFa: "قرمز", hex: "#c62828", sortOrder: 1 },
  { value: "navy", valueFa: "سرمه‌ای", hex: "#1a237e", sortOrder: 2 },
  { value: "white", valueFa: "سفید", hex: "#ffffff", sortOrder: 3 },
];
const SIZES = ["s", "m", "l", "xl"].map((size, index) => ({ value: size, valueFa: size.toUpperCase(), sortOrder: index + 1 }));

const CLOTHING_PRODUCTS = [
  {
    name: "Cotton T-shirt",
    nameFa: "تی‌شرت نخی",
    slug: "cotton-tshirt",
    basePrice: 4_500_000,
    description: "تی‌شرت نخی خنک برای تابستان.",
    colors: 3,
    sizes: 4,
  },
  {
    name: "Linen Shirt",
    nameFa: "پیراهن کتان",
    slug: "linen-shirt",
    basePrice: 9_800_000,
    description: "پیراهن کتان آستین‌بلند.",
    colors: 2,
    sizes: 3,
  },
];
const BAG_PRODUCTS = [
  {
    name: "Leather Satchel",
    nameFa: "کیف چرم دستی",
    slug: "leather-bag",
    basePrice: 32_000_000,
    description: "کیف چرم طبیعی گاوی با دوخت دست، ساخت تبریز.",
    colors: 2,
  },
  {
    name: "Kilim Tote",
    nameFa: "کیف خرید طرح گلیم",
    slug: "kilim-tote",
    basePrice: 6_500_000,
    description: "کیف پارچه‌ای بادوام با نقش گلیم قشقایی.",
    colors: 3,
  },
];
const PANTRY_PRODUCTS = [
  {
    name: "Akbari Pistachio 500 g",
    nameFa: "پسته اکبری ۵۰۰ گرمی",
    slug: "pistachio",
    basePrice: 14_800_000,
    description: "پستهٔ اکبری خندان رفسنجان، تازه و برشته.",
  },
];
const CRAFT_PRODUCTS = [
  {
    name: "Persian Carpet Cushion",
    nameFa: "کوسن طرح فرش",
    slug: "carpet-cushion",
    basePrice: 8_900_000,
    description: "کوسن با طرح فرش دستباف کاشان.",
  },
  { name: "Saffron 4.6 g", nameFa: "زعفران نگین ۴٫۶ گرمی", slug: "saffron-4g", basePrice: 12_500_000, description: "زعفران سرگل قائنات." },
  { name: "Copper Teapot", nameFa: "قوری مسی", slug: "copper-teapot", basePrice: 23_000_000, description: "قوری مسی چکشی زنجان." },
];

async function demoCategory(
  ctx: ServiceContext,
  storeId: string,
  input: { name: string; nameFa: string; slug: string; isCategorizer: boolean },
): Promise<Category> {
  return (await ctx.manager.findOneBy(Category, { storeId, slug: input.slug })) ?? (await createCategory(ctx, storeId, input));
}

/** A small real catalog: clothing with color × size instances, and handicrafts with one instance each. */
async function seedDemoCatalog(ctx: ServiceContext, storeId: string): Promise<void> {
  const clothing = await demoCategory(ctx, storeId, { name: "Clothing", nameFa: "پوشاک", slug: "clothing", isCategorizer: true });
  const crafts = await demoCategory(ctx, storeId, {
    name: "Handicrafts and Souvenirs",
    nameFa: "صنایع دستی و سوغات",
    slug: "handicrafts",
    isCategorizer: false,
  });
  const attribute = async (input: { name: string; nameFa: string; type: "color" | "size"; values: typeof SIZES }) =>
    (await ctx.manager.findOneBy(ProductAttribute, { storeId, categoryId: clothing.id, name: input.name })) ??
    (await createAttribute(ctx, storeId, clothing.id, { ...input, isRequired: true, isCategorizer: true })).attribute;
  const color = await attribute({ name: "color", nameFa: "رنگ", type: "color", values: COLORS });
  const size = await attribute({ name: "size", nameFa: "سایز", type: "size", values: SIZES });
  const valueIds = async (attributeId: string, count: number) =>
    (
      await ctx.manager.query(`SELECT id FROM attribute_values WHERE store_id = $1 AND attribute_id = $2 ORDER BY sort_order LIMIT $3`, [
        storeId,
        attributeId,
        count,
      ])
    ).map((row: { id: string }) => row.id);
  for (const { colors, sizes, ...product } of CLOTHING_PRODUCTS) {
    if (await ctx.manager.existsBy(Product, { storeId, slug: product.slug })) continue;
    await createProduct(ctx, storeId, {
      ...product,
      categoryId: clothing.id,
      stock: 5,
      attributes: [
        { attributeId: color.id, valueIds: await valueIds(color.id, colors) },
        { attributeId: size.id, valueIds: await valueIds(size.id, sizes) },
      ],
    });
  }
  for (const product of CRAFT_PRODUCTS) {
    if (!(await ctx.manager.existsBy(Product, { storeId, slug: product.slug })))
      await createProduct(ctx, storeId, { ...product, categoryId: crafts.id, stock: 10 });
  }
  // Bags: a categorizer category of its own (a listing page per colour), with a colour attribute of its own.
  const bags = await demoCategory(ctx, storeId, { name: "Bags", nameFa: "کیف", slug: "bags", isCategorizer: true });
  const bagColor =
    (await ctx.manager.findOneBy(ProductAttribute, { storeId, categoryId: bags.id, name: "color" })) ??
    (
      await createAttribute(ctx, storeId, bags.id, {
        name: "color",
        nameFa: "رنگ",
        type: "color",
        isRequired: true,
        isCategorizer: true,
        values: [
          { value: "brown", valueFa: "قهوه‌ای", hex: "#6d3f1f", sortOrder: 1 },
          { value: "black", valueFa: "مشکی", hex: "#111111", sortOrder: 2 },
          { value: "blue", valueFa: "آبی", hex: "#1d4e89", sortOrder: 3 },
        ],
      })
    ).attribute;
  for (const { colors, ...product } of BAG_PRODUCTS) {
    if (await ctx.manager.existsBy(Product, { storeId, slug: product.slug })) continue;
    await createProduct(ctx, storeId, {
      ...product,
      categoryId: bags.id,
      stock: 4,
      attributes: [{ attributeId: bagColor.id, valueIds: await valueIds(bagColor.id, colors) }],
    });
  }
  const pantry = await demoCategory(ctx, storeId, {
    name: "Nuts and Sweets",
    nameFa: "خشکبار و شیرینی",
    slug: "pantry",
    isCategorizer: false,
  });
  for (const product of PANTRY_PRODUCTS) {
    if (!(await ctx.manager.existsBy(Product, { storeId, slug: product.slug })))
      await createProduct(ctx, storeId, { ...product, categoryId: pantry.id, stock: 20 });
  }
}

/**
 * What a store needs to sell from the first minute: contact details (the
 * contact page, footer and eNamad's review read them), and shipping methods
 * for all of Iran: Pishtaz and Tipax everywhere (cheaper within Tehran), a
 * courier in Tehran. The sandbox gateway is on outside production
 * (PAYMENT_SANDBOX). The content pages need nothing: their default text is
 * made from these details.
 */
async function seedDemoSettings(ctx: ServiceContext, store: Store): Promise<void> {
  if (!store.contact?.phone) {
    await updateStoreSettings(ctx, store.id, {
      description: "پوشاک، کیف و صنایع‌دستی ایرانی",
      contact: {
        phone: "02188776655",
        email: "info@demo.mall.localhost",
        provinceId: 8,
        city: "تهران",
        address: "خیابان ولیعصر، بالاتر از میدان ونک، پلاک ۱۲",
        postalCode: "1969833111",
        workingHours: "شنبه تا پنجشنبه، ۹ تا ۱۸",
        social: [
          { kind: "instagram", url: "https://instagram.com/mall.demo" },
          { kind: "telegram", url: "https://t.me/mall_demo" },
        ],
      },
      announcement: { text: "ارسال رایگان برای خریدهای بالای ۲ میلیون تومان", link: null },
    });
  }
  if (await ctx.manager.existsBy(ShippingMethod, { storeId: store.id })) return;
  const tehranProvince = 8;
  const tehranCity = 801;
  await createShippingMethod(ctx, store.id, {
    kind: "post_pishtaz",
    description: "۲ تا ۴ روز کاری",
    price: 450_000,
    provincePrices: { [tehranProvince]: 350_000 },
    freeAbove: 20_000_000,
    sortOrder: 1,
  });
  await createShippingMethod(ctx, store.id, {
    kind: "tipax",
    description: "۱ تا ۳ روز کاری",
    price: 900_000,
    provincePrices: { [tehranProvince]: 600_000 },
    sortOrder: 2,
  });
  await createShippingMethod(ctx, store.id, {
    kind: "courier",
    name: "پیک تهران",
    description: "همان روز، برای سفارش‌های پیش از ساعت ۱۴",
    price: 800_000,
    cityId: tehranCity,
    sortOrder: 3,
  });
}

/** What the seed needs to store pictures and make their variants (the media job, run here at once). */
export interface DemoMediaDeps {
  storage: MediaStorage;
  logger: Logger;
  maxImagePixels: number;
}

/** One picture (a product's, the logo or a banner) through the same path an upload takes (stored original, pending row), then its variants made at once. */
export async function seedPicture(
  dataSource: DataSource,
  deps: DemoMediaDeps,
  storeId: string,
  productId: string | null,
  png: Buffer,
  kind: "image" | "logo" = productId ? "image" : "logo",
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mall-seed-"));
  try {
    const path = join(dir, "picture.png");
    await writeFile(path, png);
    const metadata = await sharp(png).metadata();
    const file = {
      path,
      filename: "picture.png",
      bytes: png.length,
      sha256: createHash("sha256").update(png).digest("hex"),
      type: acceptedType("image/png", ["image"])!,
      dispose: async () => {},
    };
    const media = await dataSource.transaction((manager) =>
      storeUpload(systemContext(manager, "seed"), deps, { storeId, productId, kind }, file, {
        width: metadata.width ?? null,
        height: metadata.height ?? null,
      }),
    );
    await processMedia({ dataSource, storage: deps.storage, logger: deps.logger, maxImagePixels: deps.maxImagePixels }, media.id);
    return media.id;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The demo store's logo, a home banner and a picture for each product that has none yet. */
export async function seedDemoMedia(dataSource: DataSource, deps: DemoMediaDeps, storeId: string): Promise<void> {
  if (!(await dataSource.manager.existsBy(Media, { storeId, kind: "logo" })))
    await seedPicture(dataSource, deps, storeId, null, await demoLogo());
  const store = await dataSource.manager.findOneByOrFail(Store, { id: storeId });
  if (store.banners.length === 0) {
    const mediaId = await seedPicture(dataSource, deps, storeId, null, await demoBanner(), "image");
    await dataSource.transaction((manager) =>
      updateStoreSettings(systemContext(manager, "seed"), storeId, {
        banners: [{ mediaId, title: "صنایع‌دستی ایرانی، از کارگاه تا خانهٔ شما", link: "/c/handicrafts/" }],
      }),
    );
  }
  const products: Array<{ id: string; slug: string }> = await dataSource.query(
    `SELECT p.id, p.slug FROM products p WHERE p.store_id = $1 AND NOT EXISTS (SELECT 1 FROM media m WHERE m.store_id = p.store_id AND m.product_id = p.id) ORDER BY p.slug`,
    [storeId],
  );
  for (const product of products) {
    const png = await demoProductImage(product.slug);
    if (png) await seedPicture(dataSource, deps, storeId, product.id, png);
  }
}

/**
 * The demo tenant, its store and a small catalog, through the same services
 * staff and merchants use. Safe to run again: what exists is left as it is.
 */
export async function seedDemo(dataSource: DataSource): Promise<Store> {
  return dataSource.transaction(async (manager) => {
    const ctx = systemContext(manager, "seed");
    const tenant = (await manager.findOneBy(Tenant, { slug: "demo" })) ?? (await createTenant(ctx, { name: "حساب نمایشی", slug: "demo" }));
    const store =
      (await manager.findOneBy(Store, { slug: DEMO_STORE_SLUG })) ??
      (await createStore(ctx, {
        tenant: tenant.id,
        name: "فروشگاه نمایشی",
        slug: DEMO_STORE_SLUG,
        ownerPhone: DEMO_OWNER_PHONE,
        description: "فروشگاه نمونهٔ Mall",
      }));
    await seedDemoCatalog(ctx, store.id);
    await seedDemoSettings(ctx, store);
    return store;
  });
}
