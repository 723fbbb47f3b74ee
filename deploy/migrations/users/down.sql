START TRANSACTION;
DROP TABLE "CartLines";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261127073348_CartLines';

COMMIT;

START TRANSACTION;
DROP TABLE "Addresses";

DROP TABLE "Avatars";

DROP TABLE "InboxMessages";

DROP TABLE "Notifications";

DROP TABLE "OutboxMessages";

DROP TABLE "Profiles";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261127000212_Profiles';

COMMIT;
