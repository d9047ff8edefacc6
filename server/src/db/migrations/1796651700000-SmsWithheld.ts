import type { MigrationInterface, QueryRunner } from "typeorm";

/** How many reminder and back-in-stock SMS the daily budget held back, and on which Tehran day (issue 27 #6: the merchant sees why). */
export class SmsWithheld1796651700000 implements MigrationInterface {
  name = "SmsWithheld1796651700000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" ADD "sms_withheld_day" date`);
    await queryRunner.query(`ALTER TABLE "stores" ADD "sms_withheld_count" integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "sms_withheld_count"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "sms_withheld_day"`);
  }
}
