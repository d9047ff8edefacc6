import type { MigrationInterface, QueryRunner } from "typeorm";

export class Discounts1795637807235 implements MigrationInterface {
  name = "Discounts1795637807235";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "discounts" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "code" text, "code_key" text, "kind" text NOT NULL, "value" bigint NOT NULL, "scope" text NOT NULL DEFAULT 'order', "category_ids" uuid array NOT NULL DEFAULT '{}', "product_ids" uuid array NOT NULL DEFAULT '{}', "min_order_amount" bigint NOT NULL DEFAULT '0', "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "usage_limit" integer, "per_customer_limit" integer, "used_count" integer NOT NULL DEFAULT '0', "free_shipping" boolean NOT NULL DEFAULT false, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "discounts_usage_check" CHECK ("used_count" >= 0 AND ("usage_limit" IS NULL OR "used_count" <= "usage_limit")), CONSTRAINT "discounts_value_check" CHECK (("value" > 0 OR "free_shipping") AND "value" >= 0 AND ("kind" <> 'percentage' OR "value" <= 100)), CONSTRAINT "discounts_scope_check" CHECK ("scope" IN ('order', 'categories', 'products')), CONSTRAINT "discounts_kind_check" CHECK ("kind" IN ('percentage', 'fixed')), CONSTRAINT "PK_66c522004212dc814d6e2f14ecc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "discounts_store_created_idx" ON "discounts" ("store_id", "created_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "discounts_store_code_key" ON "discounts" ("store_id", "code_key") WHERE "code_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "order_discounts" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "discount_id" uuid, "user_id" uuid, "title" text NOT NULL, "code" text, "kind" text NOT NULL, "value" bigint NOT NULL, "amount" bigint NOT NULL, "free_shipping" boolean NOT NULL DEFAULT false, "shipping_amount" bigint NOT NULL DEFAULT '0', "released_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "order_discounts_amount_check" CHECK ("amount" >= 0 AND "shipping_amount" >= 0), CONSTRAINT "PK_c4a40a77b36d106ef37580a6341" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_discounts_store_discount_user_idx" ON "order_discounts" ("store_id", "discount_id", "user_id") `,
    );
    await queryRunner.query(`CREATE INDEX "order_discounts_store_order_idx" ON "order_discounts" ("store_id", "order_id") `);
    await queryRunner.query(
      `ALTER TABLE "discounts" ADD CONSTRAINT "FK_588bdd45fd5a79cad73113e871d" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_56b0936871554a752e637c7b7b7" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_e7b488cebe333f449398769b2cc" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_0fc1ec4e3db9001ad60c19daf16" FOREIGN KEY ("discount_id") REFERENCES "discounts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_be96b5634667b2683418aaa2084" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_be96b5634667b2683418aaa2084"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_0fc1ec4e3db9001ad60c19daf16"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_e7b488cebe333f449398769b2cc"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_56b0936871554a752e637c7b7b7"`);
    await queryRunner.query(`ALTER TABLE "discounts" DROP CONSTRAINT "FK_588bdd45fd5a79cad73113e871d"`);
    await queryRunner.query(`DROP INDEX "public"."order_discounts_store_order_idx"`);
    await queryRunner.query(`DROP INDEX "public"."order_discounts_store_discount_user_idx"`);
    await queryRunner.query(`DROP TABLE "order_discounts"`);
    await queryRunner.query(`DROP INDEX "public"."discounts_store_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."discounts_store_created_idx"`);
    await queryRunner.query(`DROP TABLE "discounts"`);
  }
}
