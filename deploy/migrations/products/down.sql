START TRANSACTION;
DROP TABLE "InboxMessages";

ALTER TABLE "Reservations" DROP COLUMN "ProductName";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126151617_OrderStockEvents';

COMMIT;

START TRANSACTION;
DROP TABLE "OutboxMessages";

DROP TABLE "Promotions";

DROP TABLE "Reservations";

DROP TABLE "Products";

DROP TABLE "Categories";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126134616_Catalog';

COMMIT;
