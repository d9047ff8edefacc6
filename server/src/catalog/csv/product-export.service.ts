import { stringify } from "csv-stringify/sync";
import type { ServiceContext } from "../../core/context.js";
import { ATTRIBUTE_PREFIX, BOM, IMAGE_SEPARATOR, NO, PATH_SEPARATOR, PRODUCT_COLUMNS, YES } from "./product-csv.columns.js";

interface ProductRow {
  id: string;
  slug: string;
  name: string | null;
  name_fa: string;
  description: string;
  base_price: string;
  is_active: boolean;
  category_id: string;
  images: unknown;
}

interface InstanceRow {
  product_id: string;
  sku: string;
  price: string | null;
  stock: number;
  is_active: boolean;
  combination_key: string;
}

/**
 * The store's catalog as CSV text (UTF-8 with BOM), one row per instance
 * with its product's columns repeated, every categorizer attribute as a
 * column, Rials as stored. Four queries whatever the catalog's size; the
 * import reads this exact shape back (product-import.service.ts).
 */
export async function exportProductsCsv(ctx: ServiceContext, storeId: string): Promise<{ csv: string; products: number; rows: number }> {
  const m = ctx.manager;
  const categories = (await m.query(`SELECT id, path, name_fa FROM categories WHERE store_id = $1`, [storeId])) as Array<{
    id: string;
    path: string;
    name_fa: string;
  }>;
  const values = (await m.query(
    `SELECT v.id, v.value_fa, a.name_fa AS attribute, a.sort_order, a.name
       FROM attribute_values v JOIN product_attributes a ON a.store_id = v.store_id AND a.id = v.attribute_id
      WHERE v.store_id = $1 AND a.is_categorizer`,
    [storeId],
  )) as Array<{ id: string; value_fa: string; attribute: string; sort_order: number; name: string }>;
  const products = (await m.query(
    `SELECT id, slug, name, name_fa, description, base_price, is_active, category_id, images FROM products WHERE store_id = $1 ORDER BY created_at, slug`,
    [storeId],
  )) as ProductRow[];
  const instances = (await m.query(
    `SELECT product_id, sku, price, stock, is_active, combination_key FROM product_instances WHERE store_id = $1 ORDER BY created_at, sku`,
    [storeId],
  )) as InstanceRow[];

  const nameOf = new Map(categories.map((category) => [category.id, category.name_fa]));
  const pathOf = new Map(
    categories.map((category) => [
      category.id,
      category.path
        .split("/")
        .filter(Boolean)
        .map((id) => nameOf.get(id) ?? "")
        .join(PATH_SEPARATOR),
    ]),
  );
  const valueOf = new Map(values.map((value) => [value.id, value]));
  // One column per categorizer attribute name, in the attributes' own order.
  const attributeNames = [
    ...new Set([...values].sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name)).map((value) => value.attribute)),
  ];
  const byProduct = new Map<string, InstanceRow[]>();
  for (const instance of instances) byProduct.set(instance.product_id, [...(byProduct.get(instance.product_id) ?? []), instance]);

  const header = [
    ...Object.values(PRODUCT_COLUMNS).slice(0, -1),
    ...attributeNames.map((name) => `${ATTRIBUTE_PREFIX}${name}`),
    PRODUCT_COLUMNS.images,
  ];
  const rows: string[][] = [];
  for (const product of products) {
    const images = imageUrls(product.images).join(IMAGE_SEPARATOR);
    for (const instance of byProduct.get(product.id) ?? []) {
      const picked = new Map(
        instance.combination_key
          .split(",")
          .filter(Boolean)
          .flatMap((id) => (valueOf.has(id) ? [[valueOf.get(id)!.attribute, valueOf.get(id)!.value_fa] as const] : [])),
      );
      rows.push([
        product.slug,
        product.name_fa,
        product.name ?? "",
        pathOf.get(product.category_id) ?? "",
        product.description,
        product.base_price,
        product.is_active ? YES : NO,
        instance.sku,
        instance.price ?? "",
        String(instance.stock),
        instance.is_active ? YES : NO,
        ...attributeNames.map((name) => picked.get(name) ?? ""),
        images,
      ]);
    }
  }
  return { csv: BOM + stringify([header, ...rows], { record_delimiter: "\r\n" }), products: products.length, rows: rows.length };
}

function imageUrls(images: unknown): string[] {
  if (!Array.isArray(images)) return [];
  return images.flatMap((image) =>
    typeof image === "string"
      ? [image]
      : image && typeof image === "object" && typeof (image as { url?: unknown }).url === "string"
        ? [(image as { url: string }).url]
        : [],
  );
}
