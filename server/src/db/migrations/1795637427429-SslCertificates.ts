import type { MigrationInterface, QueryRunner } from "typeorm";

export class SslCertificates1795637427429 implements MigrationInterface {
  name = "SslCertificates1795637427429";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ssl_certificates" ("store_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "domain" text NOT NULL, "certificate_pem" text NOT NULL, "private_key_pem" text NOT NULL, "serial" text NOT NULL, "not_before" TIMESTAMP WITH TIME ZONE NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "failed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_93f839323d02a58e26454c443aa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ssl_certificates_not_after_idx" ON "ssl_certificates" ("not_after") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ssl_certificates_store_domain_key" ON "ssl_certificates" ("store_id", "domain") `);
    await queryRunner.query(
      `CREATE TABLE "acme_challenges" ("token" text NOT NULL, "key_authorization" text NOT NULL, "domain" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6232867069c2f3bcbed269bc8e2" PRIMARY KEY ("token"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "acme_accounts" ("directory_url" text NOT NULL, "account_key_pem" text NOT NULL, "account_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b98524e9b85d940025f4284f7c8" PRIMARY KEY ("directory_url"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ssl_certificates" ADD CONSTRAINT "FK_f591296725d280caa6c882d4483" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ssl_certificates" DROP CONSTRAINT "FK_f591296725d280caa6c882d4483"`);
    await queryRunner.query(`DROP TABLE "acme_accounts"`);
    await queryRunner.query(`DROP TABLE "acme_challenges"`);
    await queryRunner.query(`DROP INDEX "public"."ssl_certificates_store_domain_key"`);
    await queryRunner.query(`DROP INDEX "public"."ssl_certificates_not_after_idx"`);
    await queryRunner.query(`DROP TABLE "ssl_certificates"`);
  }
}
