import type { MigrationInterface, QueryRunner } from "typeorm";

/** Refresh tokens remember the store their sign-in was made at (null: the platform's own host). */
export class TokenAudience1796650200000 implements MigrationInterface {
  name = "TokenAudience1796650200000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "store_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "store_id"`);
  }
}
