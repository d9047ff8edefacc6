import type { MigrationInterface, QueryRunner } from "typeorm";

export class Orders1795630554633 implements MigrationInterface {
  name = "Orders1795630554633";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "customer_addresses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "user_id" uuid NOT NULL, "label" text NOT NULL DEFAULT '', "receiver_name" text NOT NULL, "mobile" text NOT NULL, "province_id" integer NOT NULL, "city_id" integer NOT NULL, "line" text NOT NULL, "postal_code" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_336bda7b0a0cd04241f719fc834" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_addresses_store_user_idx" ON "customer_addresses" ("store_id", "user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "shipping_methods" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "is_active" boolean NOT NULL DEFAULT true, "price" bigint NOT NULL DEFAULT '0', "province_prices" jsonb NOT NULL DEFAULT '{}', "free_above" bigint, "province_ids" jsonb, "city_id" integer, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "shipping_methods_price_check" CHECK ("price" >= 0 AND ("free_above" IS NULL OR "free_above" >= 0)), CONSTRAINT "shipping_methods_kind_check" CHECK ("kind" IN ('post_pishtaz', 'post_sefareshi', 'tipax', 'courier', 'pickup')), CONSTRAINT "PK_5bee9dd62a8b72d6d9caabd63cf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "shipping_methods_store_sort_idx" ON "shipping_methods" ("store_id", "sort_order") `);
    await queryRunner.query(
      `CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "number" integer NOT NULL, "user_id" uuid, "customer_phone" text NOT NULL, "state" text NOT NULL, "subtotal" bigint NOT NULL, "shipping_total" bigint NOT NULL, "discount_total" bigint NOT NULL DEFAULT '0', "total" bigint NOT NULL, "item_count" integer NOT NULL, "shipping_method_id" uuid, "shipping_kind" text NOT NULL, "shipping_name" text NOT NULL, "shipping_address" jsonb NOT NULL, "note" text NOT NULL DEFAULT '', "tracking_code" text, "reserved_until" TIMESTAMP WITH TIME ZONE, "stock_released_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "orders_total_check" CHECK ("total" = "subtotal" + "shipping_total" - "discount_total" AND "total" >= 0), CONSTRAINT "orders_state_check" CHECK ("state" IN ('pending_payment', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded')), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "orders_reservation_due_idx" ON "orders" ("reserved_until") WHERE "state" = 'pending_payment'`);
    await queryRunner.query(`CREATE INDEX "orders_store_user_number_idx" ON "orders" ("store_id", "user_id", "number") `);
    await queryRunner.query(`CREATE INDEX "orders_store_created_idx" ON "orders" ("store_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "orders_store_state_number_idx" ON "orders" ("store_id", "state", "number") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "orders_store_number_key" ON "orders" ("store_id", "number") `);
    await queryRunner.query(
      `CREATE TABLE "order_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "order_id" uuid NOT NULL, "position" integer NOT NULL, "instance_id" uuid, "product_id" uuid, "product_name" text NOT NULL, "product_slug" text NOT NULL, "sku" text NOT NULL, "attributes" jsonb NOT NULL DEFAULT '[]', "image" text, "unit_price" bigint NOT NULL, "quantity" integer NOT NULL, "line_total" bigint NOT NULL, CONSTRAINT "order_lines_quantity_check" CHECK ("quantity" > 0), CONSTRAINT "PK_627dcd7f1d707de4df241b2da6b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_lines_store_order_idx" ON "order_lines" ("store_id", "order_id", "position") `);
    await queryRunner.query(
      `CREATE TABLE "order_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "order_id" uuid NOT NULL, "from_state" text, "to_state" text NOT NULL, "actor_kind" text NOT NULL, "actor_user_id" uuid, "actor_name" text, "reason" text, "tracking_code" text, "sms_message_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc71513680d03ecb01b96655b0c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_history_store_order_created_idx" ON "order_history" ("store_id", "order_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_idempotency_keys" ("store_id" uuid NOT NULL, "user_id" uuid NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "order_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a8fbc093408af5a5650c002fb76" PRIMARY KEY ("store_id", "user_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_idempotency_keys_created_idx" ON "order_idempotency_keys" ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "store_order_counters" ("store_id" uuid NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_6e15e70ff863ad1e7d8be40a8f4" PRIMARY KEY ("store_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "customer_addresses" ADD CONSTRAINT "FK_fadcf47056995a2e82cb656156e" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "customer_addresses" ADD CONSTRAINT "FK_73167b236f07e41f435832ad485" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipping_methods" ADD CONSTRAINT "FK_cb203c0b31fa56121728119a517" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_b7a7bb813431fc7cd73cced0001" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_a922b820eeef29ac1c6800e826a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_d7ca1e5c822bc4214114fe83e05" FOREIGN KEY ("shipping_method_id") REFERENCES "shipping_methods"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_aa2845c6a280196d3cb6976d55b" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_6a619803439ea92778cafc8fb54" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_36b822fa1bbbd0daa94b3f7ef50" FOREIGN KEY ("instance_id") REFERENCES "product_instances"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_c33a737fbeb5050911ca729aaed" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_history" ADD CONSTRAINT "FK_b2f14a4b947a6d3f61d1041ec4e" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_history" ADD CONSTRAINT "FK_3e8ecdec907bbf6d4cceb3ab2a4" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_history" ADD CONSTRAINT "FK_60ff499f96dd3cee26b78bbeecb" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_idempotency_keys" ADD CONSTRAINT "FK_acc5a412882d735c1385bb92e77" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_idempotency_keys" ADD CONSTRAINT "FK_cb7728d220be44fb7a900c51c93" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_idempotency_keys" ADD CONSTRAINT "FK_ccd3a5c7f15fc50c5b0f1835879" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_order_counters" ADD CONSTRAINT "FK_6e15e70ff863ad1e7d8be40a8f4" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_order_counters" DROP CONSTRAINT "FK_6e15e70ff863ad1e7d8be40a8f4"`);
    await queryRunner.query(`ALTER TABLE "order_idempotency_keys" DROP CONSTRAINT "FK_ccd3a5c7f15fc50c5b0f1835879"`);
    await queryRunner.query(`ALTER TABLE "order_idempotency_keys" DROP CONSTRAINT "FK_cb7728d220be44fb7a900c51c93"`);
    await queryRunner.query(`ALTER TABLE "order_idempotency_keys" DROP CONSTRAINT "FK_acc5a412882d735c1385bb92e77"`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "FK_60ff499f96dd3cee26b78bbeecb"`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "FK_3e8ecdec907bbf6d4cceb3ab2a4"`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "FK_b2f14a4b947a6d3f61d1041ec4e"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_c33a737fbeb5050911ca729aaed"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_36b822fa1bbbd0daa94b3f7ef50"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_6a619803439ea92778cafc8fb54"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_aa2845c6a280196d3cb6976d55b"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_d7ca1e5c822bc4214114fe83e05"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_a922b820eeef29ac1c6800e826a"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_b7a7bb813431fc7cd73cced0001"`);
    await queryRunner.query(`ALTER TABLE "shipping_methods" DROP CONSTRAINT "FK_cb203c0b31fa56121728119a517"`);
    await queryRunner.query(`ALTER TABLE "customer_addresses" DROP CONSTRAINT "FK_73167b236f07e41f435832ad485"`);
    await queryRunner.query(`ALTER TABLE "customer_addresses" DROP CONSTRAINT "FK_fadcf47056995a2e82cb656156e"`);
    await queryRunner.query(`DROP TABLE "store_order_counters"`);
    await queryRunner.query(`DROP INDEX "public"."order_idempotency_keys_created_idx"`);
    await queryRunner.query(`DROP TABLE "order_idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."order_history_store_order_created_idx"`);
    await queryRunner.query(`DROP TABLE "order_history"`);
    await queryRunner.query(`DROP INDEX "public"."order_lines_store_order_idx"`);
    await queryRunner.query(`DROP TABLE "order_lines"`);
    await queryRunner.query(`DROP INDEX "public"."orders_store_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."orders_store_state_number_idx"`);
    await queryRunner.query(`DROP INDEX "public"."orders_store_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."orders_store_user_number_idx"`);
    await queryRunner.query(`DROP INDEX "public"."orders_reservation_due_idx"`);
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP INDEX "public"."shipping_methods_store_sort_idx"`);
    await queryRunner.query(`DROP TABLE "shipping_methods"`);
    await queryRunner.query(`DROP INDEX "public"."customer_addresses_store_user_idx"`);
    await queryRunner.query(`DROP TABLE "customer_addresses"`);
  }
}
