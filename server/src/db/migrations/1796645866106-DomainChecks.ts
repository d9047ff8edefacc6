import type { MigrationInterface, QueryRunner } from "typeorm";

export class DomainChecks1796645866106 implements MigrationInterface {
  name = "DomainChecks1796645866106";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "custom_domain_checked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "custom_domain_error" text`);
    await queryRunner.query(
      `CREATE INDEX "stores_domain_check_idx" ON "stores" ("custom_domain_checked_at") WHERE custom_domain IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."stores_domain_check_idx"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "custom_domain_error"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "custom_domain_checked_at"`);
  }
}
