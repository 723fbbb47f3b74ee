CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
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
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
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
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE TABLE "Payments" (
        "Id" uuid NOT NULL,
        "OrderId" uuid NOT NULL,
        "CustomerId" uuid NOT NULL,
        "Amount" numeric(12,2) NOT NULL,
        "Currency" character(3) NOT NULL,
        "Provider" character varying(20) NOT NULL,
        "Status" character varying(10) NOT NULL,
        "ProviderReference" character varying(200),
        "FailureCode" character varying(100),
        "FailureReason" character varying(500),
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_Payments" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE TABLE "ProcessedWebhookEvents" (
        "EventId" character varying(255) NOT NULL,
        "Provider" character varying(20) NOT NULL,
        "Type" character varying(100) NOT NULL,
        "ReceivedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ProcessedWebhookEvents" PRIMARY KEY ("Provider", "EventId")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE TABLE "SimulatedCharges" (
        "IdempotencyKey" character varying(255) NOT NULL,
        "Kind" character varying(10) NOT NULL,
        "Reference" character varying(100) NOT NULL,
        "Source" character varying(200) NOT NULL,
        "Amount" numeric(12,2) NOT NULL,
        "Currency" character varying(3) NOT NULL,
        "Status" character varying(20) NOT NULL,
        "DeclineCode" character varying(100),
        "DeclineReason" character varying(500),
        "Attempts" integer NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_SimulatedCharges" PRIMARY KEY ("IdempotencyKey")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE TABLE "Refunds" (
        "Id" uuid NOT NULL,
        "PaymentId" uuid NOT NULL,
        "Amount" numeric(12,2) NOT NULL,
        "Currency" character(3) NOT NULL,
        "Status" character varying(10) NOT NULL,
        "Reason" character varying(500) NOT NULL,
        "ProviderReference" character varying(200),
        "FailureCode" character varying(100),
        "FailureReason" character varying(500),
        "CreatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_Refunds" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_Refunds_Payments_PaymentId" FOREIGN KEY ("PaymentId") REFERENCES "Payments" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE INDEX "IX_OutboxMessages_Unsent" ON "OutboxMessages" ("OccurredAt") WHERE "SentAt" IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE INDEX "IX_Payments_CustomerId_CreatedAt" ON "Payments" ("CustomerId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE UNIQUE INDEX "IX_Payments_OrderId" ON "Payments" ("OrderId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE INDEX "IX_Payments_ProviderReference" ON "Payments" ("ProviderReference");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE INDEX "IX_Refunds_PaymentId" ON "Refunds" ("PaymentId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    CREATE UNIQUE INDEX "IX_SimulatedCharges_Reference" ON "SimulatedCharges" ("Reference");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126154516_Initial') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261126154516_Initial', '10.0.14');
    END IF;
END $EF$;
COMMIT;
