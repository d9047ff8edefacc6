import type { MigrationInterface, QueryRunner } from "typeorm";

export class Identity1795628072164 implements MigrationInterface {
  name = "Identity1795628072164";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "otp_codes" ("id" uuid NOT NULL, "phone" text NOT NULL, "store_id" uuid, "code_hash" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d0487965ac1837d57fec4d6a26" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "otp_codes_expires_idx" ON "otp_codes" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "otp_codes_phone_created_idx" ON "otp_codes" ("phone", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "replaced_by" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_tokens_expires_idx" ON "refresh_tokens" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "store_customers" ("store_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_584d9e5f860e1e53251f6a3a080" PRIMARY KEY ("store_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "store_customers_user_idx" ON "store_customers" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "sms_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid, "phone" text NOT NULL, "kind" text NOT NULL, "provider" text NOT NULL, "text" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "provider_message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6d4cfef86e93e3fde23954d11bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "sms_messages_phone_created_idx" ON "sms_messages" ("phone", "created_at") `);
    await queryRunner.query(`CREATE INDEX "sms_messages_store_created_idx" ON "sms_messages" ("store_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "stores" ADD "sms_provider" text`);
    await queryRunner.query(
      `ALTER TABLE "otp_codes" ADD CONSTRAINT "FK_769364434af3f7db2df2e9e9545" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_customers" ADD CONSTRAINT "FK_7bde6739f6ad1386f072ab1409f" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_customers" ADD CONSTRAINT "FK_5712059efc7113b965d9787e817" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sms_messages" ADD CONSTRAINT "FK_8f45ded026be30139999454df3b" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP CONSTRAINT "FK_8f45ded026be30139999454df3b"`);
    await queryRunner.query(`ALTER TABLE "store_customers" DROP CONSTRAINT "FK_5712059efc7113b965d9787e817"`);
    await queryRunner.query(`ALTER TABLE "store_customers" DROP CONSTRAINT "FK_7bde6739f6ad1386f072ab1409f"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`ALTER TABLE "otp_codes" DROP CONSTRAINT "FK_769364434af3f7db2df2e9e9545"`);
    await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "sms_provider"`);
    await queryRunner.query(`DROP INDEX "public"."sms_messages_store_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."sms_messages_phone_created_idx"`);
    await queryRunner.query(`DROP TABLE "sms_messages"`);
    await queryRunner.query(`DROP INDEX "public"."store_customers_user_idx"`);
    await queryRunner.query(`DROP TABLE "store_customers"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_expires_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."otp_codes_phone_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."otp_codes_expires_idx"`);
    await queryRunner.query(`DROP TABLE "otp_codes"`);
  }
}
