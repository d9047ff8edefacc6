import type { MigrationInterface, QueryRunner } from "typeorm";

/** Whether product pages show the product's Latin name under the Persian one (off: a Persian shop shows Persian). */
export class StoreShowLatinName1796650000000 implements MigrationInterface {
  name = "StoreShowLatinName1796650000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "show_latin_name" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "show_latin_name"`);
  }
}
