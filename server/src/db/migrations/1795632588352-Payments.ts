import type { MigrationInterface, QueryRunner } from "typeorm";

export class Payments1795632588352 implements MigrationInterface {
  name = "Payments1795632588352";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "order_id" uuid NOT NULL, "gateway_order_id" BIGSERIAL NOT NULL, "gateway" text NOT NULL, "state" text NOT NULL, "amount" bigint NOT NULL, "authority" text, "reference" text, "card_pan" text, "failure_code" text, "gateway_code" text, "verified_at" TIMESTAMP WITH TIME ZONE, "settled_at" TIMESTAMP WITH TIME ZONE, "reversed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payments_amount_check" CHECK ("amount" > 0), CONSTRAINT "payments_gateway_check" CHECK ("gateway" IN ('sandbox', 'zarinpal', 'mellat', 'saman', 'parsian')), CONSTRAINT "payments_state_check" CHECK ("state" IN ('created', 'redirected', 'verifying', 'paid', 'failed', 'reversed')), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "payments_unsettled_idx" ON "payments" ("updated_at") WHERE "state" = 'verifying' OR ("state" = 'paid' AND "settled_at" IS NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_gateway_authority_key" ON "payments" ("gateway", "authority") WHERE "authority" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "payments_one_paid_per_order_key" ON "payments" ("order_id") WHERE "state" = 'paid'`);
    await queryRunner.query(`CREATE INDEX "payments_store_order_idx" ON "payments" ("store_id", "order_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "payment_exchanges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "operation" text NOT NULL, "request" jsonb, "response" jsonb, "error" text, "duration_ms" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b789ebb7a3cf0d5d36c2b8a526" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "payment_exchanges_payment_idx" ON "payment_exchanges" ("payment_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "store_payment_gateways" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "gateway" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "credentials_encrypted" text NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "store_payment_gateways_gateway_check" CHECK ("gateway" IN ('sandbox', 'zarinpal', 'mellat', 'saman', 'parsian')), CONSTRAINT "PK_133a81c0052454a193d4727fb17" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "store_payment_gateways_store_gateway_key" ON "store_payment_gateways" ("store_id", "gateway") `,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "FK_8afabeaa460738befe497e857c7" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "FK_b2f7b823a21562eeca20e72b006" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payment_exchanges" ADD CONSTRAINT "FK_7b5d2bcd2eb5f47c3376c2087e4" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payment_exchanges" ADD CONSTRAINT "FK_b6909c1eb5ede40d6191845aa39" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "store_payment_gateways" ADD CONSTRAINT "FK_f5269548bc280fad39aa6b755b2" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_payment_gateways" DROP CONSTRAINT "FK_f5269548bc280fad39aa6b755b2"`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" DROP CONSTRAINT "FK_b6909c1eb5ede40d6191845aa39"`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" DROP CONSTRAINT "FK_7b5d2bcd2eb5f47c3376c2087e4"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_b2f7b823a21562eeca20e72b006"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_8afabeaa460738befe497e857c7"`);
    await queryRunner.query(`DROP INDEX "public"."store_payment_gateways_store_gateway_key"`);
    await queryRunner.query(`DROP TABLE "store_payment_gateways"`);
    await queryRunner.query(`DROP INDEX "public"."payment_exchanges_payment_idx"`);
    await queryRunner.query(`DROP TABLE "payment_exchanges"`);
    await queryRunner.query(`DROP INDEX "public"."payments_store_order_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payments_one_paid_per_order_key"`);
    await queryRunner.query(`DROP INDEX "public"."payments_gateway_authority_key"`);
    await queryRunner.query(`DROP INDEX "public"."payments_unsettled_idx"`);
    await queryRunner.query(`DROP TABLE "payments"`);
  }
}
