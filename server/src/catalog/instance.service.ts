import { In } from "typeorm";
import { recordAudits } from "../audit/audit.service.js";
import { isUniqueViolation } from "../db/errors.js";
import { UUID_PATTERN } from "../core/ids.js";
import { ValidationError } from "../core/errors.js";
import { outboxInsertSql, recordEvent, recordEvents } from "../jobs/events.js";
import { currentRequestId } from "../platform/request-scope.js";
import type { ServiceContext } from "../core/context.js";
import type { AttributeValue, ProductAttribute } from "./attribute.entity.js";
import { applicableAttributes, type AttributeWithValues } from "./attribute.service.js";
import {
  AttributeNotApplicableError,
  InstanceNotFoundError,
  InsufficientStockError,
  ProductNotFoundError,
  RequiredAttributeMissingError,
  SkuTakenError,
} from "./catalog.errors.js";
import {
  generateInstancesSchema,
  productAttributeChoiceSchema,
  updateInstanceSchema,
  type GenerateInstancesInput,
  type ProductAttributeChoiceInput,
  type UpdateInstanceInput,
} from "./catalog.schemas.js";
import { Category } from "./category.entity.js";
import { ProductAttributeValue } from "./product-attribute-value.entity.js";
import { ProductInstance, ProductInstanceAttribute } from "./product-instance.entity.js";
import { Product } from "./product.entity.js";
import { escapeLike } from "../core/text.js";

/**
 * A product's attribute choices and its instances (variants). The only place
 * their rules live: instances are the combinations of the chosen categorizer
 * values, a SKU is unique in its store, required attributes are present on
 * every saved instance, and stock moves only through adjustStock().
 */

/**
 * Replaces a product's attribute choices after checking each against the
 * attributes that apply to its category. Several values only for a
 * categorizer; free text only for description/custom attributes.
 * A batch of one: setChoicesOf holds the rules.
 */
export async function setProductChoices(
  ctx: ServiceContext,
  product: Product,
  category: Category,
  input: ProductAttributeChoiceInput[],
): Promise<void> {
  await setChoicesOf(ctx, [{ product, category, input }]);
}

/**
 * setProductChoices for many products of one store at once (a CSV import's
 * new products): each category's applicable attributes read once, the old
 * choices removed and the new ones written in one statement each.
 */
export async function setChoicesOf(
  ctx: ServiceContext,
  entries: ReadonlyArray<{ product: Product; category: Category; input: ProductAttributeChoiceInput[] }>,
): Promise<void> {
  if (entries.length === 0) return;
  const storeId = entries[0]!.product.storeId;
  if (entries.some((entry) => entry.product.storeId !== storeId)) throw new Error("setChoicesOf: one store per batch");
  const applicableIn = new Map<string, Map<string, AttributeWithValues>>();
  const rows: Array<Partial<ProductAttributeValue>> = [];
  for (const { product, category, input } of entries) {
    const choices = input.map((choice) => productAttributeChoiceSchema.parse(choice));
    if (!applicableIn.has(category.id))
      applicableIn.set(category.id, new Map((await applicableAttributes(ctx, category)).map((entry) => [entry.attribute.id, entry])));
    const applicable = applicableIn.get(category.id)!;
    const seen = new Set<string>();
    choices.forEach((choice, index) => {
      const field = `attributes.${index}`;
      const entry = applicable.get(choice.attributeId);
      if (!entry) throw new AttributeNotApplicableError(`${field}.attributeId`);
      if (seen.has(choice.attributeId))
        throw new ValidationError(`${field}.attributeId`, "هر ویژگی را یک بار بفرستید.", "attribute_repeated");
      seen.add(choice.attributeId);
      const { attribute, values } = entry;
      const valueIds = [...new Set(choice.valueIds)];
      for (const valueId of valueIds) {
        if (!values.some((value) => value.id === valueId)) {
          throw new ValidationError(
            `${field}.valueIds`,
            `این مقدار برای ویژگی «${attribute.nameFa}» تعریف نشده است.`,
            "attribute_value_not_found",
          );
        }
      }
      if (valueIds.length > 1 && !attribute.isCategorizer) {
        throw new ValidationError(`${field}.valueIds`, `ویژگی «${attribute.nameFa}» فقط یک مقدار می‌گیرد.`, "attribute_single_value");
      }
      if (choice.text !== undefined) {
        if (attribute.isCategorizer || valueIds.length > 0 || (attribute.type !== "description" && attribute.type !== "custom")) {
          throw new ValidationError(
            `${field}.text`,
            `ویژگی «${attribute.nameFa}» متن آزاد نمی‌گیرد؛ یکی از مقدارهایش را انتخاب کنید.`,
            "attribute_text_not_allowed",
          );
        }
        rows.push({ storeId, productId: product.id, attributeId: attribute.id, attributeValueId: null, text: choice.text });
      }
      for (const valueId of valueIds)
        rows.push({ storeId, productId: product.id, attributeId: attribute.id, attributeValueId: valueId, text: null });
    });
  }
  await ctx.manager.delete(ProductAttributeValue, { storeId, productId: In(entries.map((entry) => entry.product.id)) });
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT)
    await ctx.manager.insert(ProductAttributeValue, rows.slice(start, start + ROWS_PER_INSERT));
}

/** Rows per multi-row INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const ROWS_PER_INSERT = 5000;

export interface GenerateResult {
  created: number;
  deactivated: number;
}

interface Chosen {
  attribute: ProductAttribute;
  value: AttributeValue | null;
  text: string | null;
}

/**
 * Makes a product's instances match its chosen categorizer values: one
 * instance per combination (3 colors × 4 sizes = 12). Existing combinations
 * keep their instance (SKU, price, stock, active flag); new ones are created
 * with `stock`; combinations no longer chosen are deactivated, never deleted.
 * Every instance that stays carries the product's other chosen values, and
 * every required attribute (checked here, before anything is saved).
 * A batch of one: generateInstancesOf holds the rules.
 */
export async function generateInstances(
  ctx: ServiceContext,
  storeId: string,
  productId: string,
  input: GenerateInstancesInput = {},
): Promise<GenerateResult> {
  return generateInstancesOf(ctx, storeId, [productId], input);
}

/**
 * generateInstances for many products at once (a CSV import's new products;
 * generateInstances is a batch of one), in the same dozen queries whatever
 * their number: the products locked in id order, their categories, choices
 * and instances read in one query each, the new instances, their values and
 * the lowest prices written set-based, and one `product.changed` event naming
 * the products (listeners fan out by product).
 */
export async function generateInstancesOf(
  ctx: ServiceContext,
  storeId: string,
  productIds: readonly string[],
  input: GenerateInstancesInput = {},
): Promise<GenerateResult> {
  const { stock } = generateInstancesSchema.parse(input);
  if (productIds.some((id) => !UUID_PATTERN.test(id))) throw new ProductNotFoundError();
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return { created: 0, deactivated: 0 };
  // One generation per product at a time; a second waits and then finds the first one's instances. Locked in id
  // order, as every batch of locks is taken, so two batches never wait on each other in a circle.
  const locked: Array<{ id: string }> = await ctx.manager.query(
    `SELECT id FROM products WHERE store_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [storeId, ids],
  );
  if (locked.length !== ids.length) throw new ProductNotFoundError();
  const products = await ctx.manager.findBy(Product, { storeId, id: In(ids) });
  const categories = await ctx.manager.findBy(Category, { storeId, id: In([...new Set(products.map((product) => product.categoryId))]) });
  const applicableIn = new Map<string, AttributeWithValues[]>();
  for (const category of categories) applicableIn.set(category.id, await applicableAttributes(ctx, category));
  const choicesOf = Map.groupBy(await ctx.manager.findBy(ProductAttributeValue, { storeId, productId: In(ids) }), (row) => row.productId);
  const instances = ctx.manager.getRepository(ProductInstance);
  const existingOf = Map.groupBy(await instances.findBy({ storeId, productId: In(ids) }), (row) => row.productId);

  const plans = products.map((product) => {
    const applicable = applicableIn.get(product.categoryId)!;
    const choices = choicesOf.get(product.id) ?? [];
    const picked = (entry: AttributeWithValues) => {
      const mine = choices.filter((choice) => choice.attributeId === entry.attribute.id);
      return {
        values: entry.values.filter((value) => mine.some((choice) => choice.attributeValueId === value.id)),
        text: mine.find((choice) => choice.text !== null)?.text ?? null,
      };
    };
    for (const entry of applicable) {
      const { values, text } = picked(entry);
      if (entry.attribute.isRequired && values.length === 0 && text === null)
        throw new RequiredAttributeMissingError(entry.attribute.nameFa);
    }
    const axes: Chosen[][] = applicable
      .filter((entry) => entry.attribute.isCategorizer)
      .map((entry) => picked(entry).values.map((value) => ({ attribute: entry.attribute, value, text: null })))
      .filter((axis) => axis.length > 0);
    const fixed: Chosen[] = applicable
      .filter((entry) => !entry.attribute.isCategorizer)
      .flatMap((entry) => {
        const { values, text } = picked(entry);
        const value = values[0] ?? null;
        return value || text !== null ? [{ attribute: entry.attribute, value, text }] : [];
      });
    const combinations = axes.reduce<Chosen[][]>((acc, axis) => acc.flatMap((combo) => axis.map((pick) => [...combo, pick])), [[]]);
    const keyOf = (combo: Chosen[]) =>
      combo
        .map((pick) => pick.value!.id)
        .sort()
        .join(",");
    const existing = existingOf.get(product.id) ?? [];
    const byKey = new Set(existing.map((instance) => instance.combinationKey));
    const wanted = new Map(combinations.map((combo) => [keyOf(combo), combo]));
    const missing = [...wanted].filter(([key]) => !byKey.has(key));
    return { product, existing, wanted, fixed, missing };
  });

  const skus = await freeSkus(
    ctx,
    storeId,
    plans.flatMap(({ product, missing }) =>
      missing.map(([, combo]) => [skuBase(product), ...combo.map((pick) => skuPart(pick.value!.value))].join("-")),
    ),
  );
  let next = 0;
  const fresh = plans.flatMap(({ product, missing }) =>
    missing.map(([key]) =>
      instances.create({ storeId, productId: product.id, sku: skus[next++]!, price: null, stock, isActive: true, combinationKey: key }),
    ),
  );
  let created: ProductInstance[] = [];
  if (fresh.length > 0) {
    try {
      created = await instances.save(fresh, { chunk: 1000 });
    } catch (error) {
      if (isUniqueViolation(error, "product_instances_store_sku_key")) throw new SkuTakenError();
      throw error;
    }
  }
  const stale = plans.flatMap(({ existing, wanted }) =>
    existing.filter((instance) => instance.isActive && !wanted.has(instance.combinationKey)),
  );
  if (stale.length > 0) await instances.update({ storeId, id: In(stale.map((instance) => instance.id)) }, { isActive: false });

  // Every chosen combination's instance gets its attributes written afresh: a renamed or newly chosen
  // non-categorizer value reaches old instances as well as new ones.
  const createdOf = Map.groupBy(created, (instance) => instance.productId);
  const rows = plans.flatMap(({ product, existing, wanted, fixed }) =>
    [...existing.filter((instance) => wanted.has(instance.combinationKey)), ...(createdOf.get(product.id) ?? [])].map((instance) => ({
      instance,
      picks: [...wanted.get(instance.combinationKey)!, ...fixed],
    })),
  );
  if (rows.length > 0) {
    await ctx.manager.delete(ProductInstanceAttribute, { storeId, instanceId: In(rows.map(({ instance }) => instance.id)) });
    const values = rows.flatMap(({ instance, picks }) =>
      picks.map((pick) => ({
        storeId,
        instanceId: instance.id,
        attributeId: pick.attribute.id,
        attributeValueId: pick.value?.id ?? null,
        value: pick.value?.valueFa ?? pick.text ?? "",
        colorHex: pick.value?.hex ?? null,
      })),
    );
    for (let start = 0; start < values.length; start += ROWS_PER_INSERT)
      await ctx.manager.insert(ProductInstanceAttribute, values.slice(start, start + ROWS_PER_INSERT));
  }
  await refreshMinPrice(ctx, storeId, ids);
  await recordEvent(ctx.manager, {
    storeId,
    type: "product.changed",
    entityId: ids[0]!,
    payload: { change: "instances", productIds: ids, created: created.length, deactivated: stale.length },
  });
  return { created: created.length, deactivated: stale.length };
}

/**
 * Changes an instance's SKU, price, stock (a counted figure or a delta) or
 * active flag: a batch of one (updateInstances holds the rules). A
 * deactivated instance stays for the orders that name it.
 */
export async function updateInstance(
  ctx: ServiceContext,
  storeId: string,
  instanceId: string,
  input: UpdateInstanceInput,
): Promise<ProductInstance> {
  await updateInstances(ctx, storeId, [{ instanceId, input }]);
  return ctx.manager.getRepository(ProductInstance).findOneByOrFail({ storeId, id: instanceId });
}

/** One instance's change in a batch (updateInstances). */
export interface InstanceUpdate {
  instanceId: string;
  input: UpdateInstanceInput;
}

/**
 * Many instances' SKU, price, stock or active flag at once (a product CSV
 * import; updateInstance is a batch of one), set-based: the rows are locked
 * and read in one query, the required attributes checked in a few, SKUs,
 * prices and flags written in one UPDATE and stock in one conditional UPDATE
 * (never below zero, as adjustStock), the products' lowest prices refreshed
 * in one. It records one `instance.changed` event for the batch (the products
 * it touched and the fields it changed; listeners fan out by product) plus,
 * for each instance whose stock went up, the stock event adjustStock would
 * record (restock notices are per instance; all in one INSERT), and one audit
 * entry per changed instance, all written in one statement. Returns how many
 * instances changed.
 */
export async function updateInstances(ctx: ServiceContext, storeId: string, updates: readonly InstanceUpdate[]): Promise<number> {
  if (updates.length === 0) return 0;
  const parsed = updates.map((update) => {
    if (!UUID_PATTERN.test(update.instanceId)) throw new InstanceNotFoundError();
    return { id: update.instanceId, data: updateInstanceSchema.parse(update.input) };
  });
  const ids = [...new Set(parsed.map((update) => update.id))];
  if (ids.length !== parsed.length) throw new ValidationError("instances", "هر مدل را یک بار بفرستید.", "instance_repeated");
  const instances = ctx.manager.getRepository(ProductInstance);
  // Locked in id order, as every other batch of instance locks is taken, so two batches never wait on each other in a circle.
  const rows = await instances.find({ where: { storeId, id: In(ids) }, lock: { mode: "pessimistic_write" }, order: { id: "ASC" } });
  if (rows.length !== ids.length) throw new InstanceNotFoundError();
  const byId = new Map(rows.map((row) => [row.id, row]));
  await checkRequiredAttributesOf(ctx, storeId, rows);

  // SKUs: one held by an instance outside the batch is taken; within the batch they may move round (a swap), through a free name.
  const renamed = parsed.filter((update) => update.data.sku !== undefined && update.data.sku !== byId.get(update.id)!.sku);
  if (renamed.length > 0) {
    const wanted = renamed.map((update) => update.data.sku!);
    if (new Set(wanted).size !== wanted.length) throw new SkuTakenError();
    const moving = new Set(renamed.map((update) => update.id));
    const holders: Array<{ id: string }> = await ctx.manager.query(
      `SELECT id FROM product_instances WHERE store_id = $1 AND sku = ANY($2::text[])`,
      [storeId, wanted],
    );
    if (holders.some((holder) => !moving.has(holder.id))) throw new SkuTakenError();
    if (holders.length > 0)
      await ctx.manager.query(`UPDATE product_instances SET sku = '~' || id::text WHERE store_id = $1 AND id = ANY($2::uuid[])`, [
        storeId,
        holders.map((holder) => holder.id),
      ]);
  }
  const fieldsChanged = parsed.filter(
    (update) => update.data.sku !== undefined || update.data.price !== undefined || update.data.isActive !== undefined,
  );
  if (fieldsChanged.length > 0) {
    try {
      await ctx.manager.query(
        `UPDATE product_instances i
            SET sku = CASE WHEN v.set_sku THEN v.sku ELSE i.sku END,
                price = CASE WHEN v.set_price THEN v.price ELSE i.price END,
                is_active = CASE WHEN v.set_active THEN v.is_active ELSE i.is_active END,
                updated_at = now()
           FROM unnest($2::uuid[], $3::boolean[], $4::text[], $5::boolean[], $6::bigint[], $7::boolean[], $8::boolean[])
                AS v(id, set_sku, sku, set_price, price, set_active, is_active)
          WHERE i.store_id = $1 AND i.id = v.id`,
        [
          storeId,
          fieldsChanged.map((update) => update.id),
          fieldsChanged.map((update) => update.data.sku !== undefined),
          fieldsChanged.map((update) => update.data.sku ?? null),
          fieldsChanged.map((update) => update.data.price !== undefined),
          fieldsChanged.map((update) => (update.data.price === undefined ? null : update.data.price)),
          fieldsChanged.map((update) => update.data.isActive !== undefined),
          fieldsChanged.map((update) => update.data.isActive ?? null),
        ],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new SkuTakenError();
      throw error;
    }
  }
  // Stock: a counted figure becomes a delta against the locked row; the conditional UPDATE keeps every row at or above zero.
  const moves = parsed
    .map((update) => {
      const row = byId.get(update.id)!;
      return { id: update.id, delta: update.data.stock !== undefined ? update.data.stock - row.stock : (update.data.stockDelta ?? 0) };
    })
    .filter((move) => move.delta !== 0);
  const stockAfter = new Map<string, number>();
  if (moves.length > 0) {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM's driver.
    const [moved] = (await ctx.manager.query(
      `UPDATE product_instances i SET stock = i.stock + v.delta, updated_at = now()
         FROM unnest($2::uuid[], $3::integer[]) AS v(id, delta)
        WHERE i.store_id = $1 AND i.id = v.id AND i.stock + v.delta >= 0
        RETURNING i.id, i.stock`,
      [storeId, moves.map((move) => move.id), moves.map((move) => move.delta)],
    )) as [Array<{ id: string; stock: number }>, number];
    if (moved.length !== moves.length) throw new InsufficientStockError();
    for (const row of moved) stockAfter.set(row.id, row.stock);
  }
  const repriced = [
    ...new Set(
      parsed
        .filter((update) => update.data.price !== undefined || update.data.isActive !== undefined)
        .map((update) => byId.get(update.id)!.productId),
    ),
  ];
  if (repriced.length > 0) await refreshMinPrice(ctx, storeId, repriced);

  const productIds = [...new Set(parsed.map((update) => byId.get(update.id)!.productId))].sort();
  const fields = [...new Set(parsed.flatMap((update) => Object.keys(update.data)))].sort();
  await recordEvent(ctx.manager, {
    storeId,
    type: "instance.changed",
    entityId: parsed[0]!.id,
    payload: { change: "updated", productIds, fields, instances: parsed.length },
  });
  await recordEvents(
    ctx.manager,
    moves
      .filter((move) => move.delta > 0)
      .map((move) => ({
        storeId,
        type: "instance.changed" as const,
        entityId: move.id,
        payload: { change: "stock", productId: byId.get(move.id)!.productId, delta: move.delta, stock: stockAfter.get(move.id)! },
      })),
  );
  const audited = (row: Pick<ProductInstance, "sku" | "price" | "stock" | "isActive">) => ({
    sku: row.sku,
    price: row.price,
    stock: row.stock,
    isActive: row.isActive,
  });
  const written = await recordAudits(
    ctx,
    parsed.map((update) => {
      const row = byId.get(update.id)!;
      const { sku, price, isActive } = update.data;
      return {
        storeId,
        action: "instance.updated",
        entityType: "instance" as const,
        entityId: row.id,
        before: audited(row),
        after: audited({
          sku: sku ?? row.sku,
          price: price === undefined ? row.price : price,
          isActive: isActive ?? row.isActive,
          stock: stockAfter.get(row.id) ?? row.stock,
        }),
      };
    }),
  );
  return written;
}

/** An instance of the store by its SKU (as typed: trimmed), or InstanceNotFoundError naming `field`. */
export async function findInstanceBySku(ctx: ServiceContext, storeId: string, sku: string, field = "sku"): Promise<ProductInstance> {
  const instance = await ctx.manager.getRepository(ProductInstance).findOneBy({ storeId, sku: sku.trim() });
  if (!instance) throw new InstanceNotFoundError(field);
  return instance;
}

/**
 * The one way stock changes: a conditional UPDATE that adds `delta` only when
 * the result stays at or above zero, so concurrent sales can never oversell
 * (each UPDATE re-reads the row the one before it committed). Returns the new
 * stock; refuses with InsufficientStockError when there is not enough.
 * adjustStocks' batch of one.
 */
export async function adjustStock(ctx: ServiceContext, storeId: string, instanceId: string, delta: number): Promise<number> {
  return (await adjustStocks(ctx, storeId, [{ instanceId, delta }])).get(instanceId)!;
}

export interface StockMove {
  instanceId: string;
  delta: number;
}

/**
 * Moves the stock of several instances at once, all or none, in ONE
 * statement: the rows are locked in ascending id order (the one lock order of
 * every placement and release, so two carts sharing models never wait on each
 * other in a circle), each is changed only if every row stays at or above
 * zero, and each move's `instance.changed` stock event (the delta and the
 * stock after it) is written by the same statement. One round trip whatever
 * the number of lines: a placement holds these row locks until it commits,
 * and in a sale every shopper of the model waits on them. Returns the new
 * stock by instance; refuses with InsufficientStockError or
 * InstanceNotFoundError naming the first instance (in id order, lower case) at
 * fault, and then has changed nothing. Each instance at most once.
 */
export async function adjustStocks(ctx: ServiceContext, storeId: string, moves: readonly StockMove[]): Promise<Map<string, number>> {
  for (const { instanceId, delta } of moves) {
    if (!Number.isSafeInteger(delta)) throw new ValidationError("stockDelta", "تغییر موجودی باید عدد صحیح باشد.");
    if (!UUID_PATTERN.test(instanceId)) throw new InstanceNotFoundError(undefined, instanceId);
  }
  // As PostgreSQL spells and orders them (lower case; then string order is its byte order).
  const sorted = moves
    .map((move) => ({ instanceId: move.instanceId.toLowerCase(), delta: move.delta }))
    .sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
  if (new Set(sorted.map((move) => move.instanceId)).size !== sorted.length) throw new Error("adjustStocks: an instance moved twice");
  if (sorted.length === 0) return new Map();
  // `locked` takes the row locks in id order (the lock sits above the ORDER BY) and reads each row as its last committer
  // left it. NO KEY UPDATE is the lock the UPDATE itself takes: the key share an order line's foreign key holds on the
  // row (a placement writes its lines before it reserves) does not stand in its way, as FOR UPDATE's would.
  // `moved` changes them only when none would go below zero; `events` writes what moved.
  const rows = (await ctx.manager.query(
    `WITH locked AS MATERIALIZED (
       SELECT i.id, i.stock + v.delta AS stock
         FROM product_instances i JOIN unnest($2::uuid[], $3::integer[]) AS v(id, delta) ON v.id = i.id
        WHERE i.store_id = $1
        ORDER BY i.id
          FOR NO KEY UPDATE OF i
     ), moved AS (
       UPDATE product_instances i SET stock = i.stock + v.delta, updated_at = now()
         FROM unnest($2::uuid[], $3::integer[]) AS v(id, delta)
        WHERE i.store_id = $1 AND i.id = v.id AND i.stock + v.delta >= 0
          AND (SELECT count(*) FROM locked) = cardinality($2::uuid[])
          AND NOT EXISTS (SELECT 1 FROM locked WHERE locked.stock < 0)
        RETURNING i.id, i.product_id, i.stock, v.delta
     ), events AS (
       ${outboxInsertSql(
         "instance.changed",
         {
           storeId: "$1::uuid",
           entityId: "moved.id",
           payload: "jsonb_build_object('change', 'stock', 'productId', moved.product_id, 'delta', moved.delta, 'stock', moved.stock)",
           requestId: "$4::text",
         },
         "moved",
       )}
     )
     SELECT locked.id, locked.stock, moved.id IS NOT NULL AS moved
       FROM locked LEFT JOIN moved ON moved.id = locked.id
      ORDER BY locked.id`,
    [storeId, sorted.map((move) => move.instanceId), sorted.map((move) => move.delta), currentRequestId() ?? null],
  )) as Array<{ id: string; stock: number; moved: boolean }>;
  const found = new Map(rows.map((row) => [row.id, row]));
  for (const { instanceId } of sorted) {
    const row = found.get(instanceId);
    if (!row) throw new InstanceNotFoundError(undefined, instanceId);
    if (row.stock < 0) throw new InsufficientStockError(undefined, instanceId);
  }
  if (rows.some((row) => !row.moved)) throw new Error("adjustStocks: a locked row did not move");
  return new Map(rows.map((row) => [row.id, row.stock]));
}

/** Refuses instances that lack a value for a required attribute of their product's category, in a few queries whatever their number. */
async function checkRequiredAttributesOf(ctx: ServiceContext, storeId: string, instances: readonly ProductInstance[]): Promise<void> {
  const productIds = [...new Set(instances.map((instance) => instance.productId))];
  const products = await ctx.manager.find(Product, { where: { storeId, id: In(productIds) }, select: { id: true, categoryId: true } });
  const categoryOf = new Map(products.map((product) => [product.id, product.categoryId]));
  const categories = await ctx.manager.findBy(Category, { storeId, id: In([...new Set(categoryOf.values())]) });
  const required = new Map<string, AttributeWithValues[]>();
  for (const category of categories)
    required.set(
      category.id,
      (await applicableAttributes(ctx, category)).filter((entry) => entry.attribute.isRequired),
    );
  const checked = instances.filter((instance) => (required.get(categoryOf.get(instance.productId)!)?.length ?? 0) > 0);
  if (checked.length === 0) return;
  const rows = await ctx.manager.find(ProductInstanceAttribute, {
    where: { storeId, instanceId: In(checked.map((instance) => instance.id)) },
    select: { instanceId: true, attributeId: true },
  });
  const present = new Set(rows.map((row) => `${row.instanceId}:${row.attributeId}`));
  for (const instance of checked) {
    const missing = required
      .get(categoryOf.get(instance.productId)!)!
      .find((entry) => !present.has(`${instance.id}:${entry.attribute.id}`));
    if (missing) throw new RequiredAttributeMissingError(missing.attribute.nameFa);
  }
}

/** Keeps products.min_price (what price filters and sorts read) equal to the lowest active instance price; one product or many. */
export async function refreshMinPrice(ctx: ServiceContext, storeId: string, productIds: string | readonly string[]): Promise<void> {
  await ctx.manager.query(
    `UPDATE products p
        SET min_price = COALESCE(
          (SELECT min(COALESCE(i.price, p.base_price)) FROM product_instances i WHERE i.store_id = p.store_id AND i.product_id = p.id AND i.is_active),
          p.base_price)
      WHERE p.store_id = $1 AND p.id = ANY($2::uuid[])`,
    [storeId, typeof productIds === "string" ? [productIds] : productIds],
  );
}

/** An uppercase SKU stem from the product's slug, or from its id when the slug is not Latin. */
function skuBase(product: Product): string {
  return skuPart(product.slug).slice(0, 30).replace(/-+$/, "") || `P${product.id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

function skuPart(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The candidates, each made unique in the store (and among themselves) with -2, -3… */
async function freeSkus(ctx: ServiceContext, storeId: string, candidates: string[]): Promise<string[]> {
  if (candidates.length === 0) return [];
  const rows: Array<{ sku: string }> = await ctx.manager.query(
    `SELECT sku FROM product_instances WHERE store_id = $1 AND (sku = ANY($2::text[]) OR sku LIKE ANY($3::text[]))`,
    [storeId, candidates, candidates.map((candidate) => `${escapeLike(candidate)}-%`)],
  );
  const taken = new Set(rows.map((row) => row.sku));
  return candidates.map((candidate) => {
    let sku = candidate;
    for (let n = 2; taken.has(sku); n++) sku = `${candidate}-${n}`;
    taken.add(sku);
    return sku;
  });
}

/**
 * The instances on sale that are running out (stock at most `threshold`) in
 * some stores ("all" for platform staff), lowest first, with their product
 * and store: the back office's home page.
 */
export async function lowStockInstances(
  ctx: ServiceContext,
  storeIds: readonly string[] | "all",
  threshold: number,
  limit: number,
): Promise<ProductInstance[]> {
  if (storeIds !== "all" && storeIds.length === 0) return [];
  const query = ctx.manager
    .getRepository(ProductInstance)
    .createQueryBuilder("instance")
    .innerJoinAndSelect("instance.product", "product")
    .innerJoinAndSelect("instance.store", "store")
    .where("instance.isActive = true AND instance.stock <= :threshold", { threshold })
    .orderBy("instance.stock", "ASC")
    .addOrderBy("instance.sku", "ASC")
    .limit(limit);
  if (storeIds !== "all") query.andWhere("instance.storeId IN (:...storeIds)", { storeIds: [...storeIds] });
  return query.getMany();
}
