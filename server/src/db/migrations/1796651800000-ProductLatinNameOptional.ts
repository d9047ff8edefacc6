import type { MigrationInterface, QueryRunner } from "typeorm";

/** A product's Latin name is optional: a Persian shop names its products in Persian only (null: none given). */
export class ProductLatinNameOptional1796651800000 implements MigrationInterface {
  name = "ProductLatinNameOptional1796651800000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "products" ALTER COLUMN "name" DROP NOT NULL`);
    await queryRunner.query(`UPDATE "products" SET "name" = NULL WHERE btrim("name") = ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "products" SET "name" = '' WHERE "name" IS NULL`);
    await queryRunner.query(`ALTER TABLE "products" ALTER COLUMN "name" SET NOT NULL`);
  }
}
