CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE TABLE "IdempotencyKeys" (
        "CustomerId" uuid NOT NULL,
        "Key" character varying(255) NOT NULL,
        "RequestHash" character(64) NOT NULL,
        "OrderId" uuid NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "LeasedUntil" timestamp with time zone NOT NULL,
        "CompletedAt" timestamp with time zone,
        CONSTRAINT "PK_IdempotencyKeys" PRIMARY KEY ("CustomerId", "Key")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
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
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE TABLE "Orders" (
        "Id" uuid NOT NULL,
        "CustomerId" uuid NOT NULL,
        "Status" character varying(20) NOT NULL,
        "Total" numeric(14,2) NOT NULL,
        "Currency" character(3) NOT NULL,
        "PaymentId" uuid,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "ShippingAddress_City" character varying(100) NOT NULL,
        "ShippingAddress_Country" character(2) NOT NULL,
        "ShippingAddress_FullName" character varying(200) NOT NULL,
        "ShippingAddress_Line1" character varying(200) NOT NULL,
        "ShippingAddress_Line2" character varying(200),
        "ShippingAddress_PostalCode" character varying(20) NOT NULL,
        CONSTRAINT "PK_Orders" PRIMARY KEY ("Id"),
        CONSTRAINT "CK_Orders_Total" CHECK ("Total" >= 0)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
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
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE TABLE "OrderLines" (
        "ProductId" uuid NOT NULL,
        "OrderId" uuid NOT NULL,
        "ProductName" character varying(200) NOT NULL,
        "Quantity" integer NOT NULL,
        "UnitPrice" numeric(12,2) NOT NULL,
        CONSTRAINT "PK_OrderLines" PRIMARY KEY ("OrderId", "ProductId"),
        CONSTRAINT "FK_OrderLines_Orders_OrderId" FOREIGN KEY ("OrderId") REFERENCES "Orders" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE TABLE "OrderStatusChanges" (
        "Id" bigint GENERATED ALWAYS AS IDENTITY,
        "From" character varying(20),
        "To" character varying(20) NOT NULL,
        "At" timestamp with time zone NOT NULL,
        "Reason" character varying(500) NOT NULL,
        "OrderId" uuid NOT NULL,
        CONSTRAINT "PK_OrderStatusChanges" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_OrderStatusChanges_Orders_OrderId" FOREIGN KEY ("OrderId") REFERENCES "Orders" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE INDEX "IX_IdempotencyKeys_CreatedAt" ON "IdempotencyKeys" ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE INDEX "IX_Orders_CreatedAt" ON "Orders" ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE INDEX "IX_Orders_CustomerId_CreatedAt" ON "Orders" ("CustomerId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE INDEX "IX_Orders_Status_CreatedAt" ON "Orders" ("Status", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE INDEX "IX_OrderStatusChanges_OrderId" ON "OrderStatusChanges" ("OrderId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    CREATE INDEX "IX_OutboxMessages_Unsent" ON "OutboxMessages" ("OccurredAt") WHERE "SentAt" IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126152110_Initial') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261126152110_Initial', '10.0.14');
    END IF;
END $EF$;
COMMIT;
