import type { MigrationInterface, QueryRunner } from "typeorm";

export class Social1795630527193 implements MigrationInterface {
  name = "Social1795630527193";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "instagram_accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "ig_user_id" text NOT NULL, "username" text, "access_token" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "last_error" text, "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_68884488e846a634585d594d511" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "instagram_accounts_store_key" ON "instagram_accounts" ("store_id") `);
    await queryRunner.query(
      `CREATE TABLE "instagram_posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "ig_user_id" text NOT NULL, "state" text NOT NULL, "container_id" text, "media_id" text, "caption_hash" text, "last_error" text, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6eb3b68310ccbced538a68379e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "instagram_posts_store_product_account_key" ON "instagram_posts" ("store_id", "product_id", "ig_user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "telegram_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "chat_id" bigint NOT NULL, "username" text, "title" text NOT NULL DEFAULT '', "on_removed" text NOT NULL DEFAULT 'delete', "status" text NOT NULL DEFAULT 'active', "last_error" text, "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f1467482edd48be8ca1a56f83a9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "telegram_channels_store_key" ON "telegram_channels" ("store_id") `);
    await queryRunner.query(
      `CREATE TABLE "telegram_follower_chats" ("chat_id" bigint NOT NULL, "store_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e0a27eab5623de313f2db7a1184" PRIMARY KEY ("chat_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "telegram_follower_chats_store_idx" ON "telegram_follower_chats" ("store_id") `);
    await queryRunner.query(
      `CREATE TABLE "telegram_posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "chat_id" bigint NOT NULL, "state" text NOT NULL, "message_ids" jsonb NOT NULL DEFAULT '[]', "photos" jsonb NOT NULL DEFAULT '[]', "caption_hash" text, "uncertain_sends" integer NOT NULL DEFAULT '0', "last_error" text, "intent_at" TIMESTAMP WITH TIME ZONE, "posted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22b98ef72d88a74fdcc6662ea77" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "telegram_posts_store_product_chat_key" ON "telegram_posts" ("store_id", "product_id", "chat_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "instagram_accounts" ADD CONSTRAINT "FK_842d200992cabc3c7abf7edfac7" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "instagram_posts" ADD CONSTRAINT "FK_6b37953aadf884a568fd4065417" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telegram_channels" ADD CONSTRAINT "FK_991711bc67ca32bf2a38c01863a" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telegram_follower_chats" ADD CONSTRAINT "FK_e90a6d950f90acfad1972318ecd" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telegram_posts" ADD CONSTRAINT "FK_f11735be58b5fc2addda9e45da0" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "telegram_posts" DROP CONSTRAINT "FK_f11735be58b5fc2addda9e45da0"`);
    await queryRunner.query(`ALTER TABLE "telegram_follower_chats" DROP CONSTRAINT "FK_e90a6d950f90acfad1972318ecd"`);
    await queryRunner.query(`ALTER TABLE "telegram_channels" DROP CONSTRAINT "FK_991711bc67ca32bf2a38c01863a"`);
    await queryRunner.query(`ALTER TABLE "instagram_posts" DROP CONSTRAINT "FK_6b37953aadf884a568fd4065417"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP CONSTRAINT "FK_842d200992cabc3c7abf7edfac7"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_posts_store_product_chat_key"`);
    await queryRunner.query(`DROP TABLE "telegram_posts"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_follower_chats_store_idx"`);
    await queryRunner.query(`DROP TABLE "telegram_follower_chats"`);
    await queryRunner.query(`DROP INDEX "public"."telegram_channels_store_key"`);
    await queryRunner.query(`DROP TABLE "telegram_channels"`);
    await queryRunner.query(`DROP INDEX "public"."instagram_posts_store_product_account_key"`);
    await queryRunner.query(`DROP TABLE "instagram_posts"`);
    await queryRunner.query(`DROP INDEX "public"."instagram_accounts_store_key"`);
    await queryRunner.query(`DROP TABLE "instagram_accounts"`);
  }
}
