import type { MigrationInterface, QueryRunner } from "typeorm";

/** Emalls' webservice per store (issue 27 #5): off until the merchant turns it on; the token's generation moves when they renew it. */
export class EmallsWebservice1796651600000 implements MigrationInterface {
  name = "EmallsWebservice1796651600000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "emalls_enabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "emalls_token_generation" integer NOT NULL DEFAULT 1`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "emalls_token_generation"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "emalls_enabled"`);
  }
}
