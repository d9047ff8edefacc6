import type { MigrationInterface, QueryRunner } from "typeorm";

export class StoreKeys1795643013109 implements MigrationInterface {
  name = "StoreKeys1795643013109";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "categories" DROP CONSTRAINT "FK_88cea2dc9c31951d06437879b40"`);
    await queryRunner.query(`ALTER TABLE "product_attributes" DROP CONSTRAINT "FK_bab0d410a7173990bddfd143f20"`);
    await queryRunner.query(`ALTER TABLE "attribute_values" DROP CONSTRAINT "FK_be02d0f6a15bc7a0d835f832b62"`);
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "FK_9a5f6868c96e0069e699f33e124"`);
    await queryRunner.query(`ALTER TABLE "product_instances" DROP CONSTRAINT "FK_7b6686060b437d2cbf06787bc46"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_3968fa128010f57c6f032f7b32e"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_8cb1258440195275f648187f7d1"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_ed46ee8a19c359fdde9c70c5464"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_d7ca1e5c822bc4214114fe83e05"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_6a619803439ea92778cafc8fb54"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_36b822fa1bbbd0daa94b3f7ef50"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_c33a737fbeb5050911ca729aaed"`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "FK_3e8ecdec907bbf6d4cceb3ab2a4"`);
    await queryRunner.query(`ALTER TABLE "order_idempotency_keys" DROP CONSTRAINT "FK_ccd3a5c7f15fc50c5b0f1835879"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_e7b488cebe333f449398769b2cc"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_0fc1ec4e3db9001ad60c19daf16"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_61655fe2f6d179eced519392ced"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_f1f04534a41f575a6def0710063"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_5b1f7c69bb70bbf112f907c3187"`);
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "FK_1fe69e256dfd757e9e7651c6bf5"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_b2f7b823a21562eeca20e72b006"`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" DROP CONSTRAINT "FK_b6909c1eb5ede40d6191845aa39"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_91a69cafbe7711aaebd0e0ac4b6"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_4797389671907f003d3f9f21296"`);
    await queryRunner.query(`DROP INDEX "public"."payments_gateway_authority_key"`);
    await queryRunner.query(`DROP INDEX "public"."payments_one_paid_per_order_key"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP CONSTRAINT "PK_6b1623bcad4d04530b76548d619"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD CONSTRAINT "PK_7aa1829c31d98abf9751b0a45ea" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "store_daily_sales" DROP CONSTRAINT "PK_d370fcd4d9da25eb52f5864dc3d"`);
    await queryRunner.query(
      `ALTER TABLE "store_daily_sales" ADD CONSTRAINT "PK_34bef9961aad607e654eb11c9c7" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "store_daily_product_sales" DROP CONSTRAINT "PK_a5763a0f75a7dcc1eae24a2feae"`);
    await queryRunner.query(
      `ALTER TABLE "store_daily_product_sales" ADD CONSTRAINT "PK_f728e5dd8b0c1ca8677c0e04c3e" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "product_daily_views" DROP CONSTRAINT "PK_6ecaa5ccd4486b4e0cd866c2ea8"`);
    await queryRunner.query(
      `ALTER TABLE "product_daily_views" ADD CONSTRAINT "PK_867c37c793242c7c155632d5233" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "store_daily_buyers" DROP CONSTRAINT "PK_1e99a430c32cb77dc3f1bec3a3e"`);
    await queryRunner.query(
      `ALTER TABLE "store_daily_buyers" ADD CONSTRAINT "PK_03584305f7e1d9dc85ed7f05621" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "store_first_purchases" DROP CONSTRAINT "PK_ce14f773a34e9be20a7aec131d6"`);
    await queryRunner.query(
      `ALTER TABLE "store_first_purchases" ADD CONSTRAINT "PK_a1d6d7012f8217572f5638d6800" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "categories" DROP CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b"`);
    await queryRunner.query(`ALTER TABLE "categories" ADD CONSTRAINT "PK_ac8460e7842eb07408e0665273e" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "product_attributes" DROP CONSTRAINT "PK_4fa18fc5c893cb9894fc40ca921"`);
    await queryRunner.query(
      `ALTER TABLE "product_attributes" ADD CONSTRAINT "PK_f436f7b372eed993b3be4f042ef" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "attribute_values" DROP CONSTRAINT "PK_3babf93d1842d73e7ba849c0160"`);
    await queryRunner.query(
      `ALTER TABLE "attribute_values" ADD CONSTRAINT "PK_3ebb7042aef5ae149e4ea531e80" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d"`);
    await queryRunner.query(`ALTER TABLE "products" ADD CONSTRAINT "PK_10272214bbdce6bafe7aa7e7f7e" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "product_instances" DROP CONSTRAINT "PK_a5258b37f6f98ae3ffbe9504516"`);
    await queryRunner.query(
      `ALTER TABLE "product_instances" ADD CONSTRAINT "PK_2540abe355ea804dd786ce95eb9" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "PK_5599f9361ed71e8f596a453abe8"`);
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "PK_02a5d531fe1100844fabcf7b07c" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "shipping_methods" DROP CONSTRAINT "PK_5bee9dd62a8b72d6d9caabd63cf"`);
    await queryRunner.query(
      `ALTER TABLE "shipping_methods" ADD CONSTRAINT "PK_48e669b4052805af9df90602f54" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f"`);
    await queryRunner.query(`ALTER TABLE "orders" ADD CONSTRAINT "PK_5ad41e1b058697237db411139f4" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "PK_627dcd7f1d707de4df241b2da6b"`);
    await queryRunner.query(`ALTER TABLE "order_lines" ADD CONSTRAINT "PK_9f66cd885a5f3bf2f6db5af14e8" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "PK_cc71513680d03ecb01b96655b0c"`);
    await queryRunner.query(`ALTER TABLE "order_history" ADD CONSTRAINT "PK_0a71e57d7cabb2d1a0db93fbf0f" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "discounts" DROP CONSTRAINT "PK_66c522004212dc814d6e2f14ecc"`);
    await queryRunner.query(`ALTER TABLE "discounts" ADD CONSTRAINT "PK_c6a75148c188018d7a9afe23e55" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "PK_c4a40a77b36d106ef37580a6341"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" ADD CONSTRAINT "PK_11627eb59519d090f9bc1552b10" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "PK_b124baf1272037deac1c21cffe1"`);
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "PK_e4208fd5b117bcdd25b31e9d35c" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "site_builds" DROP CONSTRAINT "PK_6d4e57bfbe82b74df7d282faff0"`);
    await queryRunner.query(`ALTER TABLE "site_builds" ADD CONSTRAINT "PK_d5967be5ae9d8e822706f614655" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "PK_f4e0fcac36e050de337b670d8bd"`);
    await queryRunner.query(`ALTER TABLE "media" ADD CONSTRAINT "PK_33bfc64756e66a8000316fe64a7" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "media_infections" DROP CONSTRAINT "PK_1f155abae9876b57890676e479e"`);
    await queryRunner.query(
      `ALTER TABLE "media_infections" ADD CONSTRAINT "PK_53c6c9f63d4e678a3eaea989b54" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "customer_addresses" DROP CONSTRAINT "PK_336bda7b0a0cd04241f719fc834"`);
    await queryRunner.query(
      `ALTER TABLE "customer_addresses" ADD CONSTRAINT "PK_08904663288c4d69cb38a29f55d" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59"`);
    await queryRunner.query(`ALTER TABLE "payments" ADD CONSTRAINT "PK_3ff48cc96cadc4b4a404f633ef3" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" DROP CONSTRAINT "PK_2b789ebb7a3cf0d5d36c2b8a526"`);
    await queryRunner.query(
      `ALTER TABLE "payment_exchanges" ADD CONSTRAINT "PK_5f838bfba7d74ea29b56709867b" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "store_payment_gateways" DROP CONSTRAINT "PK_133a81c0052454a193d4727fb17"`);
    await queryRunner.query(
      `ALTER TABLE "store_payment_gateways" ADD CONSTRAINT "PK_3635d3b7be8602e6d1be0887090" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "PK_f8c501d1232e93e00aac466a279"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" ADD CONSTRAINT "PK_b52040d9c8dc6c72a282ef3e9e9" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP CONSTRAINT "PK_68884488e846a634585d594d511"`);
    await queryRunner.query(
      `ALTER TABLE "instagram_accounts" ADD CONSTRAINT "PK_3c48622f8e329e7713c6af878d9" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "instagram_posts" DROP CONSTRAINT "PK_b6eb3b68310ccbced538a68379e"`);
    await queryRunner.query(`ALTER TABLE "instagram_posts" ADD CONSTRAINT "PK_fa2918b0c3ee10d28f1768b08ac" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "ssl_certificates" DROP CONSTRAINT "PK_93f839323d02a58e26454c443aa"`);
    await queryRunner.query(
      `ALTER TABLE "ssl_certificates" ADD CONSTRAINT "PK_6235823f8d23ff0c1202cd31f51" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "telegram_channels" DROP CONSTRAINT "PK_f1467482edd48be8ca1a56f83a9"`);
    await queryRunner.query(
      `ALTER TABLE "telegram_channels" ADD CONSTRAINT "PK_37f56693e677eb7d83d1edc512a" PRIMARY KEY ("id", "store_id")`,
    );
    await queryRunner.query(`ALTER TABLE "telegram_posts" DROP CONSTRAINT "PK_22b98ef72d88a74fdcc6662ea77"`);
    await queryRunner.query(`ALTER TABLE "telegram_posts" ADD CONSTRAINT "PK_62b679d1f035cd584bfbec61ec0" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(`ALTER TABLE "store_members" DROP CONSTRAINT "PK_6bb7b2a72126664a5cac36d3c07"`);
    await queryRunner.query(`ALTER TABLE "store_members" ADD CONSTRAINT "PK_ec75ec694fac91853b94ccf0c78" PRIMARY KEY ("id", "store_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_gateway_authority_key" ON "payments" ("store_id", "gateway", "authority") WHERE "authority" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_one_paid_per_order_key" ON "payments" ("store_id", "order_id") WHERE "state" = 'paid'`,
    );
    await queryRunner.query(
      `ALTER TABLE "categories" ADD CONSTRAINT "FK_f4bb5721cf6c20f4d298462bf60" FOREIGN KEY ("store_id", "parent_id") REFERENCES "categories"("store_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attributes" ADD CONSTRAINT "FK_cb9cc16c5b016de56b041393956" FOREIGN KEY ("store_id", "category_id") REFERENCES "categories"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attribute_values" ADD CONSTRAINT "FK_68d3101991387e617f10c88784d" FOREIGN KEY ("store_id", "attribute_id") REFERENCES "product_attributes"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "FK_5dbd16bb33be5b6b657e9e1a92c" FOREIGN KEY ("store_id", "category_id") REFERENCES "categories"("store_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instances" ADD CONSTRAINT "FK_907b3c377bfa1128107cf881f23" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_73e5a05528b0cad4aba1ff5e5be" FOREIGN KEY ("store_id", "instance_id") REFERENCES "product_instances"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_d0111d50b47768fe6e865b16f1a" FOREIGN KEY ("store_id", "attribute_id") REFERENCES "product_attributes"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_16bf8091492a28ff7977a5040ce" FOREIGN KEY ("store_id", "attribute_value_id") REFERENCES "attribute_values"("store_id","id") ON DELETE SET NULL ("attribute_value_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_5f39a1ffc321332d41efed7a8ad" FOREIGN KEY ("store_id", "shipping_method_id") REFERENCES "shipping_methods"("store_id","id") ON DELETE SET NULL ("shipping_method_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_908af974f0427a3f86fb15c8ed9" FOREIGN KEY ("store_id", "order_id") REFERENCES "orders"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_5eb95406cbcf040f2735dcec150" FOREIGN KEY ("store_id", "instance_id") REFERENCES "product_instances"("store_id","id") ON DELETE SET NULL ("instance_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_3105297c680f12abc23e3bca72b" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE SET NULL ("product_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_history" ADD CONSTRAINT "FK_bf97d65b99f939c7f0c785555dc" FOREIGN KEY ("store_id", "order_id") REFERENCES "orders"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_idempotency_keys" ADD CONSTRAINT "FK_cb47e007acb890bdbaa46753446" FOREIGN KEY ("store_id", "order_id") REFERENCES "orders"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_9020f17a64caa5665ea723ccadb" FOREIGN KEY ("store_id", "order_id") REFERENCES "orders"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_fb5b2329a63391742660e0a475f" FOREIGN KEY ("store_id", "discount_id") REFERENCES "discounts"("store_id","id") ON DELETE SET NULL ("discount_id") ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_f186a698df2f847c0d6fe2edbbd" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_33fa010dd37297a960f944f6e13" FOREIGN KEY ("store_id", "attribute_id") REFERENCES "product_attributes"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_10b6df9690b2febf1cb2efb061c" FOREIGN KEY ("store_id", "attribute_value_id") REFERENCES "attribute_values"("store_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_17967a46e2c6b5892e73ff7662e" FOREIGN KEY ("store_id", "product_id") REFERENCES "products"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "FK_0031eb4a722a21568ff29173c89" FOREIGN KEY ("store_id", "order_id") REFERENCES "orders"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payment_exchanges" ADD CONSTRAINT "FK_908e70eacf66f898f77ec00504c" FOREIGN KEY ("store_id", "payment_id") REFERENCES "payments"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_b961e27f55e2753e7dd8eec67c0" FOREIGN KEY ("store_id", "order_id") REFERENCES "orders"("store_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_f08775a0e1df0b3573c124ca236" FOREIGN KEY ("store_id", "payment_id") REFERENCES "payments"("store_id","id") ON DELETE SET NULL ("payment_id") ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_f08775a0e1df0b3573c124ca236"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "FK_b961e27f55e2753e7dd8eec67c0"`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" DROP CONSTRAINT "FK_908e70eacf66f898f77ec00504c"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_0031eb4a722a21568ff29173c89"`);
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "FK_17967a46e2c6b5892e73ff7662e"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_10b6df9690b2febf1cb2efb061c"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_33fa010dd37297a960f944f6e13"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "FK_f186a698df2f847c0d6fe2edbbd"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_fb5b2329a63391742660e0a475f"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "FK_9020f17a64caa5665ea723ccadb"`);
    await queryRunner.query(`ALTER TABLE "order_idempotency_keys" DROP CONSTRAINT "FK_cb47e007acb890bdbaa46753446"`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "FK_bf97d65b99f939c7f0c785555dc"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_3105297c680f12abc23e3bca72b"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_5eb95406cbcf040f2735dcec150"`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "FK_908af974f0427a3f86fb15c8ed9"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_5f39a1ffc321332d41efed7a8ad"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_16bf8091492a28ff7977a5040ce"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_d0111d50b47768fe6e865b16f1a"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "FK_73e5a05528b0cad4aba1ff5e5be"`);
    await queryRunner.query(`ALTER TABLE "product_instances" DROP CONSTRAINT "FK_907b3c377bfa1128107cf881f23"`);
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "FK_5dbd16bb33be5b6b657e9e1a92c"`);
    await queryRunner.query(`ALTER TABLE "attribute_values" DROP CONSTRAINT "FK_68d3101991387e617f10c88784d"`);
    await queryRunner.query(`ALTER TABLE "product_attributes" DROP CONSTRAINT "FK_cb9cc16c5b016de56b041393956"`);
    await queryRunner.query(`ALTER TABLE "categories" DROP CONSTRAINT "FK_f4bb5721cf6c20f4d298462bf60"`);
    await queryRunner.query(`DROP INDEX "public"."payments_one_paid_per_order_key"`);
    await queryRunner.query(`DROP INDEX "public"."payments_gateway_authority_key"`);
    await queryRunner.query(`ALTER TABLE "store_members" DROP CONSTRAINT "PK_ec75ec694fac91853b94ccf0c78"`);
    await queryRunner.query(`ALTER TABLE "store_members" ADD CONSTRAINT "PK_6bb7b2a72126664a5cac36d3c07" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "telegram_posts" DROP CONSTRAINT "PK_62b679d1f035cd584bfbec61ec0"`);
    await queryRunner.query(`ALTER TABLE "telegram_posts" ADD CONSTRAINT "PK_22b98ef72d88a74fdcc6662ea77" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "telegram_channels" DROP CONSTRAINT "PK_37f56693e677eb7d83d1edc512a"`);
    await queryRunner.query(`ALTER TABLE "telegram_channels" ADD CONSTRAINT "PK_f1467482edd48be8ca1a56f83a9" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "ssl_certificates" DROP CONSTRAINT "PK_6235823f8d23ff0c1202cd31f51"`);
    await queryRunner.query(`ALTER TABLE "ssl_certificates" ADD CONSTRAINT "PK_93f839323d02a58e26454c443aa" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "instagram_posts" DROP CONSTRAINT "PK_fa2918b0c3ee10d28f1768b08ac"`);
    await queryRunner.query(`ALTER TABLE "instagram_posts" ADD CONSTRAINT "PK_b6eb3b68310ccbced538a68379e" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" DROP CONSTRAINT "PK_3c48622f8e329e7713c6af878d9"`);
    await queryRunner.query(`ALTER TABLE "instagram_accounts" ADD CONSTRAINT "PK_68884488e846a634585d594d511" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "order_refunds" DROP CONSTRAINT "PK_b52040d9c8dc6c72a282ef3e9e9"`);
    await queryRunner.query(`ALTER TABLE "order_refunds" ADD CONSTRAINT "PK_f8c501d1232e93e00aac466a279" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "store_payment_gateways" DROP CONSTRAINT "PK_3635d3b7be8602e6d1be0887090"`);
    await queryRunner.query(`ALTER TABLE "store_payment_gateways" ADD CONSTRAINT "PK_133a81c0052454a193d4727fb17" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" DROP CONSTRAINT "PK_5f838bfba7d74ea29b56709867b"`);
    await queryRunner.query(`ALTER TABLE "payment_exchanges" ADD CONSTRAINT "PK_2b789ebb7a3cf0d5d36c2b8a526" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "PK_3ff48cc96cadc4b4a404f633ef3"`);
    await queryRunner.query(`ALTER TABLE "payments" ADD CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "customer_addresses" DROP CONSTRAINT "PK_08904663288c4d69cb38a29f55d"`);
    await queryRunner.query(`ALTER TABLE "customer_addresses" ADD CONSTRAINT "PK_336bda7b0a0cd04241f719fc834" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "media_infections" DROP CONSTRAINT "PK_53c6c9f63d4e678a3eaea989b54"`);
    await queryRunner.query(`ALTER TABLE "media_infections" ADD CONSTRAINT "PK_1f155abae9876b57890676e479e" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "PK_33bfc64756e66a8000316fe64a7"`);
    await queryRunner.query(`ALTER TABLE "media" ADD CONSTRAINT "PK_f4e0fcac36e050de337b670d8bd" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "site_builds" DROP CONSTRAINT "PK_d5967be5ae9d8e822706f614655"`);
    await queryRunner.query(`ALTER TABLE "site_builds" ADD CONSTRAINT "PK_6d4e57bfbe82b74df7d282faff0" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" DROP CONSTRAINT "PK_e4208fd5b117bcdd25b31e9d35c"`);
    await queryRunner.query(`ALTER TABLE "product_attribute_values" ADD CONSTRAINT "PK_b124baf1272037deac1c21cffe1" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "order_discounts" DROP CONSTRAINT "PK_11627eb59519d090f9bc1552b10"`);
    await queryRunner.query(`ALTER TABLE "order_discounts" ADD CONSTRAINT "PK_c4a40a77b36d106ef37580a6341" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "discounts" DROP CONSTRAINT "PK_c6a75148c188018d7a9afe23e55"`);
    await queryRunner.query(`ALTER TABLE "discounts" ADD CONSTRAINT "PK_66c522004212dc814d6e2f14ecc" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "order_history" DROP CONSTRAINT "PK_0a71e57d7cabb2d1a0db93fbf0f"`);
    await queryRunner.query(`ALTER TABLE "order_history" ADD CONSTRAINT "PK_cc71513680d03ecb01b96655b0c" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "order_lines" DROP CONSTRAINT "PK_9f66cd885a5f3bf2f6db5af14e8"`);
    await queryRunner.query(`ALTER TABLE "order_lines" ADD CONSTRAINT "PK_627dcd7f1d707de4df241b2da6b" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "PK_5ad41e1b058697237db411139f4"`);
    await queryRunner.query(`ALTER TABLE "orders" ADD CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "shipping_methods" DROP CONSTRAINT "PK_48e669b4052805af9df90602f54"`);
    await queryRunner.query(`ALTER TABLE "shipping_methods" ADD CONSTRAINT "PK_5bee9dd62a8b72d6d9caabd63cf" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" DROP CONSTRAINT "PK_02a5d531fe1100844fabcf7b07c"`);
    await queryRunner.query(`ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "PK_5599f9361ed71e8f596a453abe8" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "product_instances" DROP CONSTRAINT "PK_2540abe355ea804dd786ce95eb9"`);
    await queryRunner.query(`ALTER TABLE "product_instances" ADD CONSTRAINT "PK_a5258b37f6f98ae3ffbe9504516" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "PK_10272214bbdce6bafe7aa7e7f7e"`);
    await queryRunner.query(`ALTER TABLE "products" ADD CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "attribute_values" DROP CONSTRAINT "PK_3ebb7042aef5ae149e4ea531e80"`);
    await queryRunner.query(`ALTER TABLE "attribute_values" ADD CONSTRAINT "PK_3babf93d1842d73e7ba849c0160" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "product_attributes" DROP CONSTRAINT "PK_f436f7b372eed993b3be4f042ef"`);
    await queryRunner.query(`ALTER TABLE "product_attributes" ADD CONSTRAINT "PK_4fa18fc5c893cb9894fc40ca921" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "categories" DROP CONSTRAINT "PK_ac8460e7842eb07408e0665273e"`);
    await queryRunner.query(`ALTER TABLE "categories" ADD CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "store_first_purchases" DROP CONSTRAINT "PK_a1d6d7012f8217572f5638d6800"`);
    await queryRunner.query(`ALTER TABLE "store_first_purchases" ADD CONSTRAINT "PK_ce14f773a34e9be20a7aec131d6" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "store_daily_buyers" DROP CONSTRAINT "PK_03584305f7e1d9dc85ed7f05621"`);
    await queryRunner.query(`ALTER TABLE "store_daily_buyers" ADD CONSTRAINT "PK_1e99a430c32cb77dc3f1bec3a3e" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "product_daily_views" DROP CONSTRAINT "PK_867c37c793242c7c155632d5233"`);
    await queryRunner.query(`ALTER TABLE "product_daily_views" ADD CONSTRAINT "PK_6ecaa5ccd4486b4e0cd866c2ea8" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "store_daily_product_sales" DROP CONSTRAINT "PK_f728e5dd8b0c1ca8677c0e04c3e"`);
    await queryRunner.query(`ALTER TABLE "store_daily_product_sales" ADD CONSTRAINT "PK_a5763a0f75a7dcc1eae24a2feae" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "store_daily_sales" DROP CONSTRAINT "PK_34bef9961aad607e654eb11c9c7"`);
    await queryRunner.query(`ALTER TABLE "store_daily_sales" ADD CONSTRAINT "PK_d370fcd4d9da25eb52f5864dc3d" PRIMARY KEY ("id")`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP CONSTRAINT "PK_7aa1829c31d98abf9751b0a45ea"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_one_paid_per_order_key" ON "payments" ("order_id") WHERE (state = 'paid'::text)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_gateway_authority_key" ON "payments" ("gateway", "authority") WHERE (authority IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_4797389671907f003d3f9f21296" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refunds" ADD CONSTRAINT "FK_91a69cafbe7711aaebd0e0ac4b6" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payment_exchanges" ADD CONSTRAINT "FK_b6909c1eb5ede40d6191845aa39" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "FK_b2f7b823a21562eeca20e72b006" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_1fe69e256dfd757e9e7651c6bf5" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_5b1f7c69bb70bbf112f907c3187" FOREIGN KEY ("attribute_value_id") REFERENCES "attribute_values"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_f1f04534a41f575a6def0710063" FOREIGN KEY ("attribute_id") REFERENCES "product_attributes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attribute_values" ADD CONSTRAINT "FK_61655fe2f6d179eced519392ced" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_0fc1ec4e3db9001ad60c19daf16" FOREIGN KEY ("discount_id") REFERENCES "discounts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_discounts" ADD CONSTRAINT "FK_e7b488cebe333f449398769b2cc" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_idempotency_keys" ADD CONSTRAINT "FK_ccd3a5c7f15fc50c5b0f1835879" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_history" ADD CONSTRAINT "FK_3e8ecdec907bbf6d4cceb3ab2a4" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_c33a737fbeb5050911ca729aaed" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_36b822fa1bbbd0daa94b3f7ef50" FOREIGN KEY ("instance_id") REFERENCES "product_instances"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_6a619803439ea92778cafc8fb54" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_d7ca1e5c822bc4214114fe83e05" FOREIGN KEY ("shipping_method_id") REFERENCES "shipping_methods"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_ed46ee8a19c359fdde9c70c5464" FOREIGN KEY ("attribute_value_id") REFERENCES "attribute_values"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_8cb1258440195275f648187f7d1" FOREIGN KEY ("attribute_id") REFERENCES "product_attributes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instance_attributes" ADD CONSTRAINT "FK_3968fa128010f57c6f032f7b32e" FOREIGN KEY ("instance_id") REFERENCES "product_instances"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_instances" ADD CONSTRAINT "FK_7b6686060b437d2cbf06787bc46" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "FK_9a5f6868c96e0069e699f33e124" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attribute_values" ADD CONSTRAINT "FK_be02d0f6a15bc7a0d835f832b62" FOREIGN KEY ("attribute_id") REFERENCES "product_attributes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_attributes" ADD CONSTRAINT "FK_bab0d410a7173990bddfd143f20" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "categories" ADD CONSTRAINT "FK_88cea2dc9c31951d06437879b40" FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }
}
