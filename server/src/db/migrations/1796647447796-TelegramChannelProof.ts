import type { MigrationInterface, QueryRunner } from "typeorm";

export class TelegramChannelProof1796647447796 implements MigrationInterface {
  name = "TelegramChannelProof1796647447796";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "telegram_channel_claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "chat_id" bigint NOT NULL, "username" text, "title" text NOT NULL DEFAULT '', "on_removed" text NOT NULL DEFAULT 'delete', "code" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "requested_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e60b38add439d20a2f3201bcc12" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "telegram_channel_claims_chat_idx" ON "telegram_channel_claims" ("chat_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "telegram_channel_claims_store_key" ON "telegram_channel_claims" ("store_id") `);
    await queryRunner.query(
      `CREATE TABLE "telegram_channel_owners" ("chat_id" bigint NOT NULL, "store_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f291c7178d669dc3edbc8ee7f33" PRIMARY KEY ("chat_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "telegram_channels" ADD "proven_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "telegram_channels" ADD "post_all_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "telegram_channel_claims" ADD CONSTRAINT "FK_3c99fd942b8d50ed1886d88ba10" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telegram_channel_owners" ADD CONSTRAINT "FK_70c0dd6413b854017906f3a2723" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Channels connected before proof was required were never shown to be the store's (issue 24 #3): the sync pauses
    // until the merchant posts a code, and none of them holds its channel against a store that proves control.
    await queryRunner.query(
      `UPDATE "telegram_channels" SET "status" = 'broken', "last_error" = 'مالکیت این کانال هنوز تأیید نشده است؛ برای ادامهٔ انتشار، از صفحهٔ «کانال تلگرام» کد تأیید بگیرید و آن را در کانال منتشر کنید.' WHERE "proven_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "telegram_channel_owners" DROP CONSTRAINT "FK_70c0dd6413b854017906f3a2723"`);
    await queryRunner.query(`ALTER TABLE "telegram_channel_claims" DROP CONSTRAINT "FK_3c99fd942b8d50ed1886d88ba10"`);
    await queryRunner.query(`ALTER TABLE "telegram_channels" DROP COLUMN "post_all_at"`);
    await queryRunner.query(`ALTER TABLE "telegram_channels" DROP COLUMN "proven_at"`);
    await queryRunner.query(`DROP TABLE "telegram_channel_owners"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_channel_claims_store_key"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_channel_claims_chat_idx"`);
    await queryRunner.query(`DROP TABLE "telegram_channel_claims"`);
  }
}
