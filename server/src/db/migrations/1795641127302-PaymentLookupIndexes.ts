import type { MigrationInterface, QueryRunner } from "typeorm";

export class PaymentLookupIndexes1795641127302 implements MigrationInterface {
  name = "PaymentLookupIndexes1795641127302";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "payments_redirected_idx" ON "payments" ("created_at") WHERE "state" = 'redirected'`);
    await queryRunner.query(
      `CREATE INDEX "payments_gateway_reference_idx" ON "payments" ("gateway", "reference") WHERE "reference" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payments_gateway_reference_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payments_redirected_idx"`);
  }
}
