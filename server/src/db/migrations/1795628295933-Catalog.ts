import type { MigrationInterface, QueryRunner } from "typeorm";
import { searchText } from "@mall/locale";

/**
 * Catalog: category tree, attributes and their values, products' chosen
 * values, instances and their attributes; products gain a category, prices
 * for listing, media lists, a view count and normalised search text.
 * Hand-edited after migration:generate: the extensions, the trigram index
 * (TypeORM cannot describe it) and the backfill of existing products.
 */
export class Catalog1795628295933 implements MigrationInterface {
  name = "Catalog1795628295933";

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Both are trusted extensions (PostgreSQL 13+): a database owner may create them. btree_gin lets the
    // trigram index lead with store_id, as every per-store index does.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`DROP INDEX "public"."IDX_01bd96eeac93dcdf7cdd90345f"`);
    await queryRunner.query(
      `CREATE TABLE "categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "parent_id" uuid, "path" text COLLATE "C" NOT NULL, "depth" integer NOT NULL DEFAULT '0', "name" text NOT NULL, "name_fa" text NOT NULL, "slug" text NOT NULL, "is_categorizer" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "categories_store_parent_idx" ON "categories" ("store_id", "parent_id") `);
    await queryRunner.query(`CREATE INDEX "categories_store_path_idx" ON "categories" ("store_id", "path") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "categories_store_slug_key" ON "categories" ("store_id", "slug") `);
    await queryRunner.query(
      `CREATE TABLE "product_attributes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "category_id" uuid NOT NULL, "name" text NOT NULL, "name_fa" text NOT NULL, "type" text NOT NULL, "is_required" boolean NOT NULL DEFAULT false, "is_categorizer" boolean NOT NULL DEFAULT false, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4fa18fc5c893cb9894fc40ca921" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_attributes_store_category_name_key" ON "product_attributes" ("store_id", "category_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attribute_values" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "attribute_id" uuid NOT NULL, "value" text NOT NULL, "value_fa" text NOT NULL, "hex" text, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3babf93d1842d73e7ba849c0160" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "attribute_values_store_attribute_value_key" ON "attribute_values" ("store_id", "attribute_id", "value") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product_attribute_values" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "attribute_id" uuid NOT NULL, "attribute_value_id" uuid, "text" text, CONSTRAINT "PK_b124baf1272037deac1c21cffe1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_attribute_values_store_value_idx" ON "product_attribute_values" ("store_id", "attribute_value_id", "product_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "product_attribute_values_store_product_idx" ON "product_attribute_values" ("store_id", "product_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product_instances" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "sku" text NOT NULL, "price" bigint, "stock" integer NOT NULL DEFAULT '0', "is_active" boolean NOT NULL DEFAULT true, "combination_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "product_instances_stock_check" CHECK ("stock" >= 0), CONSTRAINT "PK_a5258b37f6f98ae3ffbe9504516" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_instances_store_product_combination_key" ON "product_instances" ("store_id", "product_id", "combination_key") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "product_instances_store_sku_key" ON "product_instances" ("store_id", "sku") `);
    await queryRunner.query(
      `CREATE TABLE "product_instance_attributes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "instance_id" uuid NOT NULL, "attribute_id" uuid NOT NULL, "attribute_value_id" uuid, "value" text NOT NULL, "color_hex" text, CONSTRAINT "PK_5599f9361ed71e8f596a453abe8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_instance_attributes_store_instance_attribute_key" ON "product_instance_attributes" ("store_id", "instance_id", "attribute_id") `,
    );
    // Products made before categories existed go into one «سایر» category per store.
    await queryRunner.query(`ALTER TABLE "products" ADD "category_id" uuid`);
    await queryRunner.query(
      `INSERT INTO "categories" ("id", "store_id", "path", "depth", "name", "name_fa", "slug")
       SELECT "id", "store_id", '/' || "id" || '/', 0, 'Other', 'سایر', 'other'
         FROM (SELECT gen_random_uuid() AS "id", "store_id" FROM "products" GROUP BY "store_id") AS "stores_with_products"`,
    );
    await queryRunner.query(
      `UPDATE "products" SET "category_id" = "categories"."id" FROM "categories" WHERE "categories"."store_id" = "products"."store_id" AND "categories"."slug" = 'other'`,
    );
    await queryRunner.query(`ALTER TABLE "products" ALTER COLUMN "category_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "products" ADD "min_price" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "products" ADD "images" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "products" ADD "videos" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "products" ADD "view_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "products" ADD "search_text" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`UPDATE "products" SET "min_price" = "base_price"`);
    const existing: Array<{ id: string; name: string; name_fa: string; description: string }> = await queryRunner.query(
      `SELECT "id", "name", "name_fa", "description" FROM "products"`,
    );
    for (const product of existing) {
      await queryRunner.query(`UPDATE "products" SET "search_text" = $2 WHERE "id" = $1`, [
        product.id,
        searchText([product.name, product.name_fa, product.description]),
      ]);
    }
    await queryRunner.query(`CREATE INDEX "products_search_idx" ON "products" USING gin ("store_id", "search_text" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "products_store_category_idx" ON "products" ("store_id", "category_id") `);
    await queryRunner.query(`CREATE INDEX "products_store_popular_idx" ON "products" ("store_id", "view_count", "id") `);
    await queryRunner.query(`CREATE INDEX "products_store_price_idx" ON "products" ("store_id", "min_price", "id") `);
    await queryRunner.query(`CREATE INDEX "products_store_created_idx" ON "products" ("store_id", "created_at", "id") `);
    await queryRunner.query(
      `ALTER TABLE "categories" ADD CONSTRAINT "FK_5848ba82e61b83e2aa416447a15" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "categories" ADD CONSTRAINT "FK_88cea2dc9c31951d06437879b40" FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attributes" ADD CONSTRAINT "FK_8cf258687bc4ea6993ee20d29b6" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attributes" ADD CONSTRAINT "FK_bab0d410a7173990bddfd143f20" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attribute_values" ADD CONSTRAINT "FK_ed022c5920971607c1a95d2ebac" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attribute_values" ADD CONSTRAINT "FK_be02d0f6a15bc7a0d835f832b62" FOREIGN KEY ("attribute_id") REFERENCES "product_attributes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "FK_9a5f6868c96e0069e699f33e124" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_53e6b0124096e72373bb7c8972f" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_61655fe2f6d179eced519392ced" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_f1f04534a41f575a6def0710063" FOREIGN KEY ("attribute_id") REFERENCES "product_attributes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_5b1f7c69bb70bbf112f907c3187" FOREIGN KEY ("attribute_value_id") REFERENCES "attribute_values"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instances" ADD CONSTRAINT "FK_9a5207c1b4a211580c61aebc91f" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instances" ADD CONSTRAINT "FK_7b6686060b437d2cbf06787bc46" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_06a776c432fe6d73da5479c1e77" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_3968fa128010f57c6f032f7b32e" FOREIGN KEY ("instance_id") REFERENCES "product_instances"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_8cb1258440195275f648187f7d1" FOREIGN KEY ("attribute_id") REFERENCES "product_attributes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_ed46ee8a19c359fdde9c70c5464" FOREIGN KEY ("attribute_value_id") REFERENCES "attribute_values"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_ed46ee8a19c359fdde9c70c5464"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_8cb1258440195275f648187f7d1"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_3968fa128010f57c6f032f7b32e"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_06a776c432fe6d73da5479c1e77"`);
    await queryRunner.query(`ALTER TABLE "product_instances" DROP CONSTRAINT "FK_7b6686060b437d2cbf06787bc46"`);
    await queryRunner.query(`ALTER TABLE "product_instances" DROP CONSTRAINT "FK_9a5207c1b4a211580c61aebc91f"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_5b1f7c69bb70bbf112f907c3187"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_f1f04534a41f575a6def0710063"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_61655fe2f6d179eced519392ced"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_53e6b0124096e72373bb7c8972f"`);
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "FK_9a5f6868c96e0069e699f33e124"`);
    await queryRunner.query(`ALTER TABLE "attribute_values" DROP CONSTRAINT "FK_be02d0f6a15bc7a0d835f832b62"`);
    await queryRunner.query(`ALTER TABLE "attribute_values" DROP CONSTRAINT "FK_ed022c5920971607c1a95d2ebac"`);
    await queryRunner.query(`ALTER TABLE "product_attributes" DROP CONSTRAINT "FK_bab0d410a7173990bddfd143f20"`);
    await queryRunner.query(`ALTER TABLE "product_attributes" DROP CONSTRAINT "FK_8cf258687bc4ea6993ee20d29b6"`);
    await queryRunner.query(`ALTER TABLE "categories" DROP CONSTRAINT "FK_88cea2dc9c31951d06437879b40"`);
    await queryRunner.query(`ALTER TABLE "categories" DROP CONSTRAINT "FK_5848ba82e61b83e2aa416447a15"`);
    await queryRunner.query(`DROP INDEX "public"."products_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."products_store_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."products_store_price_idx"`);
    await queryRunner.query(`DROP INDEX "public"."products_store_popular_idx"`);
    await queryRunner.query(`DROP INDEX "public"."products_store_category_idx"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "search_text"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "view_count"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "videos"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "images"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "min_price"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "category_id"`);
    await queryRunner.query(`DROP INDEX "public"."product_instance_attributes_store_instance_attribute_key"`);
    await queryRunner.query(`DROP TABLE "product_instance_attributes"`);
    await queryRunner.query(`DROP INDEX "public"."product_instances_store_sku_key"`);
    await queryRunner.query(`DROP INDEX "public"."product_instances_store_product_combination_key"`);
    await queryRunner.query(`DROP TABLE "product_instances"`);
    await queryRunner.query(`DROP INDEX "public"."product_attribute_values_store_product_idx"`);
    await queryRunner.query(`DROP INDEX "public"."product_attribute_values_store_value_idx"`);
    await queryRunner.query(`DROP TABLE "product_attribute_values"`);
    await queryRunner.query(`DROP INDEX "public"."attribute_values_store_attribute_value_key"`);
    await queryRunner.query(`DROP TABLE "attribute_values"`);
    await queryRunner.query(`DROP INDEX "public"."product_attributes_store_category_name_key"`);
    await queryRunner.query(`DROP TABLE "product_attributes"`);
    await queryRunner.query(`DROP INDEX "public"."categories_store_slug_key"`);
    await queryRunner.query(`DROP INDEX "public"."categories_store_path_idx"`);
    await queryRunner.query(`DROP INDEX "public"."categories_store_parent_idx"`);
    await queryRunner.query(`DROP TABLE "categories"`);
    await queryRunner.query(`CREATE INDEX "IDX_01bd96eeac93dcdf7cdd90345f" ON "products" ("store_id", "created_at") `);
    // pg_trgm and btree_gin stay: other tables may come to use them, and they hold no data.
  }
}
