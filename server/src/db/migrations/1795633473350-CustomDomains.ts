import type { MigrationInterface, QueryRunner } from "typeorm";

export class CustomDomains1795633473350 implements MigrationInterface {
  name = "CustomDomains1795633473350";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "custom_domain_token" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "custom_domain_token"`);
  }
}
