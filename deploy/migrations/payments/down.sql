START TRANSACTION;
DROP TABLE "InboxMessages";

DROP TABLE "OutboxMessages";

DROP TABLE "ProcessedWebhookEvents";

DROP TABLE "Refunds";

DROP TABLE "SimulatedCharges";

DROP TABLE "Payments";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126154516_Initial';

COMMIT;
