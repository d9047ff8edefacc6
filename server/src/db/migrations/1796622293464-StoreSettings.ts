import type { MigrationInterface, QueryRunner } from "typeorm";

export class StoreSettings1796622293464 implements MigrationInterface {
  name = "StoreSettings1796622293464";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "store_pages" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "slug" text NOT NULL, "title" text NOT NULL, "body_html" text NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "store_pages_kind_check" CHECK ("kind" IN ('about', 'contact', 'terms', 'privacy', 'returns', 'shipping', 'faq', 'custom')), CONSTRAINT "PK_02141108b917832dff7f372142f" PRIMARY KEY ("id", "store_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "store_pages_store_slug_key" ON "store_pages" ("store_id", "slug") `);
    await queryRunner.query(`ALTER TABLE "stores" ADD "accent" text`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "contact" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "banners" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "announcement" jsonb`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "header_links" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "footer_links" jsonb`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "enamad" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "store_pages" ADD CONSTRAINT "FK_d93c45b3db39952eec773a827dd" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_pages" DROP CONSTRAINT "FK_d93c45b3db39952eec773a827dd"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "enamad"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "footer_links"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "header_links"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "announcement"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "banners"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "contact"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "accent"`);
    await queryRunner.query(`DROP INDEX "public"."store_pages_store_slug_key"`);
    await queryRunner.query(`DROP TABLE "store_pages"`);
  }
}
