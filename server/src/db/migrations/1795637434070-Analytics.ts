import type { MigrationInterface, QueryRunner } from "typeorm";

export class Analytics1795637434070 implements MigrationInterface {
  name = "Analytics1795637434070";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "store_daily_sales" ("store_id" uuid NOT NULL, "id" BIGSERIAL NOT NULL, "day" date NOT NULL, "state" text NOT NULL, "orders" integer NOT NULL, "revenue" bigint NOT NULL, "items" integer NOT NULL, CONSTRAINT "PK_d370fcd4d9da25eb52f5864dc3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "store_daily_sales_store_day_state_key" ON "store_daily_sales" ("store_id", "day", "state") `,
    );
    await queryRunner.query(
      `CREATE TABLE "store_daily_product_sales" ("store_id" uuid NOT NULL, "id" BIGSERIAL NOT NULL, "day" date NOT NULL, "product_id" uuid NOT NULL, "orders" integer NOT NULL, "quantity" integer NOT NULL, "revenue" bigint NOT NULL, CONSTRAINT "PK_a5763a0f75a7dcc1eae24a2feae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "store_daily_product_sales_store_day_product_key" ON "store_daily_product_sales" ("store_id", "day", "product_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product_daily_views" ("store_id" uuid NOT NULL, "id" BIGSERIAL NOT NULL, "day" date NOT NULL, "product_id" uuid NOT NULL, "views" integer NOT NULL, CONSTRAINT "PK_6ecaa5ccd4486b4e0cd866c2ea8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_daily_views_store_day_product_key" ON "product_daily_views" ("store_id", "day", "product_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "store_daily_sales" ADD CONSTRAINT "FK_757dc775dbe1bce054cad179a65" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_daily_product_sales" ADD CONSTRAINT "FK_950413bb5bf55a72816467ae20f" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_daily_views" ADD CONSTRAINT "FK_5e86e46326d4cac1c4cc61e3b77" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "product_daily_views" DROP CONSTRAINT "FK_5e86e46326d4cac1c4cc61e3b77"`);
    await queryRunner.query(`ALTER TABLE "store_daily_product_sales" DROP CONSTRAINT "FK_950413bb5bf55a72816467ae20f"`);
    await queryRunner.query(`ALTER TABLE "store_daily_sales" DROP CONSTRAINT "FK_757dc775dbe1bce054cad179a65"`);
    await queryRunner.query(`DROP INDEX "public"."product_daily_views_store_day_product_key"`);
    await queryRunner.query(`DROP TABLE "product_daily_views"`);
    await queryRunner.query(`DROP INDEX "public"."store_daily_product_sales_store_day_product_key"`);
    await queryRunner.query(`DROP TABLE "store_daily_product_sales"`);
    await queryRunner.query(`DROP INDEX "public"."store_daily_sales_store_day_state_key"`);
    await queryRunner.query(`DROP TABLE "store_daily_sales"`);
  }
}
