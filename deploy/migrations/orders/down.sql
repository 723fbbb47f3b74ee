START TRANSACTION;
DROP TABLE "IdempotencyKeys";

DROP TABLE "InboxMessages";

DROP TABLE "OrderLines";

DROP TABLE "OrderStatusChanges";

DROP TABLE "OutboxMessages";

DROP TABLE "Orders";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126152110_Initial';

COMMIT;
