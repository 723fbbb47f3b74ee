CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE TABLE "InboxMessages" (
        "EventId" uuid NOT NULL,
        "Consumer" character varying(200) NOT NULL,
        "Type" character varying(200) NOT NULL,
        "ProcessedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_InboxMessages" PRIMARY KEY ("EventId", "Consumer")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE TABLE "OutboxMessages" (
        "Id" uuid NOT NULL,
        "Type" character varying(200) NOT NULL,
        "Payload" jsonb NOT NULL,
        "OccurredAt" timestamp with time zone NOT NULL,
        "TraceParent" character varying(128),
        "SentAt" timestamp with time zone,
        "Attempts" integer NOT NULL,
        "LastError" character varying(2000),
        CONSTRAINT "PK_OutboxMessages" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE TABLE "Profiles" (
        "Id" uuid NOT NULL,
        "Email" character varying(256) NOT NULL,
        "DisplayName" character varying(100) NOT NULL,
        "Phone" character varying(16),
        "Bio" character varying(500),
        "Locale" character varying(35),
        "TimeZone" character varying(64),
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Preferences_Currency" character(3) NOT NULL,
        "Preferences_Language" character varying(35) NOT NULL,
        "Preferences_MarketingEmails" boolean NOT NULL,
        "Preferences_OrderUpdatesEmail" boolean NOT NULL,
        "Preferences_OrderUpdatesInApp" boolean NOT NULL,
        CONSTRAINT "PK_Profiles" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE TABLE "Addresses" (
        "Id" uuid NOT NULL,
        "UserId" uuid NOT NULL,
        "Label" character varying(50),
        "FullName" character varying(200) NOT NULL,
        "Line1" character varying(200) NOT NULL,
        "Line2" character varying(200),
        "City" character varying(100) NOT NULL,
        "PostalCode" character varying(12) NOT NULL,
        "Country" character(2) NOT NULL,
        "Phone" character varying(16),
        "IsDefaultShipping" boolean NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_Addresses" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_Addresses_Profiles_UserId" FOREIGN KEY ("UserId") REFERENCES "Profiles" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE TABLE "Avatars" (
        "UserId" uuid NOT NULL,
        "ContentType" character varying(20) NOT NULL,
        "Content" bytea NOT NULL,
        "ETag" character varying(64) NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_Avatars" PRIMARY KEY ("UserId"),
        CONSTRAINT "FK_Avatars_Profiles_UserId" FOREIGN KEY ("UserId") REFERENCES "Profiles" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE TABLE "Notifications" (
        "Id" uuid NOT NULL,
        "UserId" uuid NOT NULL,
        "Kind" character varying(40) NOT NULL,
        "Title" character varying(200) NOT NULL,
        "Body" character varying(2000) NOT NULL,
        "OrderId" uuid,
        "EventId" uuid NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "InApp" boolean NOT NULL,
        "ReadAt" timestamp with time zone,
        "EmailTo" character varying(256),
        "EmailSentAt" timestamp with time zone,
        "EmailAttempts" integer NOT NULL,
        CONSTRAINT "PK_Notifications" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_Notifications_Profiles_UserId" FOREIGN KEY ("UserId") REFERENCES "Profiles" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE UNIQUE INDEX "IX_Addresses_DefaultShipping" ON "Addresses" ("UserId") WHERE "IsDefaultShipping";
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE INDEX "IX_Addresses_UserId_CreatedAt" ON "Addresses" ("UserId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE INDEX "IX_Notifications_Unmailed" ON "Notifications" ("CreatedAt") WHERE "EmailTo" IS NOT NULL AND "EmailSentAt" IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE INDEX "IX_Notifications_UserId_CreatedAt" ON "Notifications" ("UserId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE INDEX "IX_OutboxMessages_Unsent" ON "OutboxMessages" ("OccurredAt") WHERE "SentAt" IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE INDEX "IX_Profiles_DisplayName" ON "Profiles" USING gin ("DisplayName" gin_trgm_ops);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    CREATE INDEX "IX_Profiles_Email" ON "Profiles" USING gin ("Email" gin_trgm_ops);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127000212_Profiles') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261127000212_Profiles', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127073348_CartLines') THEN
    CREATE TABLE "CartLines" (
        "UserId" uuid NOT NULL,
        "ProductId" uuid NOT NULL,
        "Quantity" integer NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_CartLines" PRIMARY KEY ("UserId", "ProductId"),
        CONSTRAINT "FK_CartLines_Profiles_UserId" FOREIGN KEY ("UserId") REFERENCES "Profiles" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261127073348_CartLines') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261127073348_CartLines', '10.0.14');
    END IF;
END $EF$;
COMMIT;
