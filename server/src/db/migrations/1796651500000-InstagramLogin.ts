import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Instagram accounts connected through Instagram Login (issue 22 #5): how the
 * account was connected, its token sealed at rest (AES-256-GCM, as gateway
 * credentials), when the token expires and when it was issued (Instagram
 * refreshes only a token at least a day old). The plain `access_token` of
 * accounts connected before stays readable until the next write seals it.
 */
export class InstagramLogin1796651500000 implements MigrationInterface {
  name = "InstagramLogin1796651500000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ALTER COLUMN "access_token" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ADD "access_token_sealed" text`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ADD "connected_via" text NOT NULL DEFAULT 'token'`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ADD "token_issued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ADD "token_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "instagram_accounts_token_expiry_idx" ON "instagram_accounts" ("token_expires_at") WHERE "token_expires_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "instagram_accounts_token_expiry_idx"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP COLUMN "token_expires_at"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP COLUMN "token_issued_at"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP COLUMN "connected_via"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP COLUMN "access_token_sealed"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ALTER COLUMN "access_token" SET NOT NULL`);
  }
}
