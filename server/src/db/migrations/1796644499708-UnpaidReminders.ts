import type { MigrationInterface, QueryRunner } from "typeorm";

export class UnpaidReminders1796644499708 implements MigrationInterface {
  name = "UnpaidReminders1796644499708";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "unpaid_reminder_minutes" integer DEFAULT '10'`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "sms_daily_budget" integer NOT NULL DEFAULT '100'`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "reminder_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "reminder_sms_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "reminder_sms_id"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "reminder_at"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "sms_daily_budget"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "unpaid_reminder_minutes"`);
  }
}
