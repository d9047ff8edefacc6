import type { MigrationInterface, QueryRunner } from "typeorm";

export class TorobWebservice1796650100000 implements MigrationInterface {
  name = "TorobWebservice1796650100000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "torob_enabled" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "torob_enabled"`);
  }
}
