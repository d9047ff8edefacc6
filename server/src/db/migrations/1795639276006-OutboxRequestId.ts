import type { MigrationInterface, QueryRunner } from "typeorm";

export class OutboxRequestId1795639276006 implements MigrationInterface {
  name = "OutboxRequestId1795639276006";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "request_id" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "request_id"`);
  }
}
