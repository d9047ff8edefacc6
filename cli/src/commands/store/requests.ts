import { Flags } from "@oclif/core";
import { STORE_REQUEST_STATUSES, type StoreRequestStatus } from "@mall/server/tenancy/store-request.entity.js";
import { listStoreRequests } from "@mall/server/tenancy/store-request.service.js";
import { MallCommand } from "../../base-command.js";
import { presentStoreRequest, table, type StoreRequestView } from "../../presenters.js";

export default class StoreRequests extends MallCommand {
  static override summary = "List requests for new stores from the landing page";

  static override description =
    "Pending requests first (oldest first: the review queue), then decided ones. Approve one with `mall store approve ID`, reject it with `mall store reject ID --reason …`.";

  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> --status pending",
    "<%= config.bin %> <%= command.id %> --status rejected --json",
  ];

  static override flags = {
    status: Flags.string({ description: "Only requests in this status", options: [...STORE_REQUEST_STATUSES] }),
  };

  static override args = {};

  async run(): Promise<StoreRequestView[]> {
    const { flags } = await this.parse(StoreRequests);
    const requests = await this.read((ctx) => listStoreRequests(ctx, { status: flags.status as StoreRequestStatus | undefined }));
    const views = requests.map((request) => presentStoreRequest(request, this.platformDomain));
    if (views.length === 0) {
      this.log("No store requests match.");
      return views;
    }
    this.log(
      table(
        ["ID", "STATUS", "SLUG", "NAME", "OWNER PHONE", "REQUESTED", "OUTCOME"],
        views.map((request) => [
          request.id,
          request.status,
          request.slug,
          request.storeName,
          request.ownerPhone,
          request.createdAt.slice(0, 16).replace("T", " "),
          request.store?.host ?? request.reason ?? "-",
        ]),
      ),
    );
    return views;
  }
}
