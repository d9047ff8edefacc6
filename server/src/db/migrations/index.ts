import { Initial1795627381566 } from "./1795627381566-Initial.js";
import { Identity1795628072164 } from "./1795628072164-Identity.js";
import { Catalog1795628295933 } from "./1795628295933-Catalog.js";
import { Media1795628659520 } from "./1795628659520-Media.js";
import { SiteBuilds1795629021352 } from "./1795629021352-SiteBuilds.js";
import { Social1795630527193 } from "./1795630527193-Social.js";
import { Orders1795630554633 } from "./1795630554633-Orders.js";
import { StoreRequests1795630703960 } from "./1795630703960-StoreRequests.js";
import { Payments1795632588352 } from "./1795632588352-Payments.js";
import { CustomDomains1795633473350 } from "./1795633473350-CustomDomains.js";
import { AuditLog1795637398556 } from "./1795637398556-AuditLog.js";
import { StaffRoles1795637845412 } from "./1795637845412-StaffRoles.js";
import { Analytics1795637434070 } from "./1795637434070-Analytics.js";
import { SslCertificates1795637427429 } from "./1795637427429-SslCertificates.js";
import { OutboxRequestId1795639276006 } from "./1795639276006-OutboxRequestId.js";
import { Discounts1795637807235 } from "./1795637807235-Discounts.js";
import { AnalyticsBuyers1795640090225 } from "./1795640090225-AnalyticsBuyers.js";
import { OrderRefunds1795637884853 } from "./1795637884853-OrderRefunds.js";
import { PaymentLookupIndexes1795641127302 } from "./1795641127302-PaymentLookupIndexes.js";
import { AnalyticsFirstPurchases1795641874938 } from "./1795641874938-AnalyticsFirstPurchases.js";
import { StoreKeys1795643013109 } from "./1795643013109-StoreKeys.js";
import { StoreSettings1796622293464 } from "./1796622293464-StoreSettings.js";
import { SlugRedirects1796623918530 } from "./1796623918530-SlugRedirects.js";
import { ProductReviews1796626052743 } from "./1796626052743-ProductReviews.js";
import { UnpaidReminders1796644499708 } from "./1796644499708-UnpaidReminders.js";
import { DomainChecks1796645866106 } from "./1796645866106-DomainChecks.js";
import { RestockRequests1796646450793 } from "./1796646450793-RestockRequests.js";
import { VideoKey1796646800000 } from "./1796646800000-VideoKey.js";
import { Wishlists1796647052585 } from "./1796647052585-Wishlists.js";
import { SavedCarts1796671656695 } from "./1796671656695-SavedCarts.js";
import { TelegramChannelProof1796647447796 } from "./1796647447796-TelegramChannelProof.js";
import { OtpChallenge1796648310998 } from "./1796648310998-OtpChallenge.js";
import { StoreShowLatinName1796650000000 } from "./1796650000000-StoreShowLatinName.js";
import { TorobWebservice1796650100000 } from "./1796650100000-TorobWebservice.js";
import { TokenAudience1796650200000 } from "./1796650200000-TokenAudience.js";
import { InstagramLogin1796651500000 } from "./1796651500000-InstagramLogin.js";
import { EmallsWebservice1796651600000 } from "./1796651600000-EmallsWebservice.js";
import { SmsWithheld1796651700000 } from "./1796651700000-SmsWithheld.js";
import { ProductLatinNameOptional1796651800000 } from "./1796651800000-ProductLatinNameOptional.js";

/** Migrations in the order they run; each file is named after its timestamp. */
export const migrations = [
  Initial1795627381566,
  Identity1795628072164,
  Catalog1795628295933,
  Media1795628659520,
  SiteBuilds1795629021352,
  Social1795630527193,
  Orders1795630554633,
  StoreRequests1795630703960,
  Payments1795632588352,
  CustomDomains1795633473350,
  AuditLog1795637398556,
  Analytics1795637434070,
  StaffRoles1795637845412,
  SslCertificates1795637427429,
  OutboxRequestId1795639276006,
  Discounts1795637807235,
  AnalyticsBuyers1795640090225,
  OrderRefunds1795637884853,
  PaymentLookupIndexes1795641127302,
  AnalyticsFirstPurchases1795641874938,
  StoreKeys1795643013109,
  StoreSettings1796622293464,
  SlugRedirects1796623918530,
  ProductReviews1796626052743,
  UnpaidReminders1796644499708,
  DomainChecks1796645866106,
  RestockRequests1796646450793,
  VideoKey1796646800000,
  Wishlists1796647052585,
  TelegramChannelProof1796647447796,
  OtpChallenge1796648310998,
  StoreShowLatinName1796650000000,
  TorobWebservice1796650100000,
  TokenAudience1796650200000,
  InstagramLogin1796651500000,
  EmallsWebservice1796651600000,
  SmsWithheld1796651700000,
  ProductLatinNameOptional1796651800000,
  SavedCarts1796671656695,
];
