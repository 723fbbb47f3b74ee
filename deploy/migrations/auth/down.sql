START TRANSACTION;
DROP TABLE "InboxMessages";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261127000556_Inbox';

COMMIT;

START TRANSACTION;
DROP TABLE "DataProtectionKeys";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126133121_DataProtectionKeys';

COMMIT;

START TRANSACTION;
DROP TABLE "OutboxMessages";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126130508_Outbox';

COMMIT;

START TRANSACTION;
ALTER TABLE "SigningKeys" DROP COLUMN "ActivatesAt";

ALTER TABLE "SigningKeys" DROP COLUMN "RevokedAt";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261126125251_SigningKeyActivation';

COMMIT;

START TRANSACTION;
DROP TABLE "AccountTokens";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261125033741_AccountTokens';

COMMIT;

START TRANSACTION;
DROP TABLE "AspNetRoleClaims";

DROP TABLE "AspNetUserClaims";

DROP TABLE "AspNetUserLogins";

DROP TABLE "AspNetUserRoles";

DROP TABLE "AspNetUserTokens";

DROP TABLE "RefreshTokens";

DROP TABLE "SigningKeys";

DROP TABLE "AspNetRoles";

DROP TABLE "AspNetUsers";

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261125031732_InitialAccounts';

COMMIT;
