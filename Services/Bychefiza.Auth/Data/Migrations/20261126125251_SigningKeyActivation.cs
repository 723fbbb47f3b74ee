using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bychefiza.Auth.Data.Migrations
{
    /// <inheritdoc />
    public partial class SigningKeyActivation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ActivatesAt",
                table: "SigningKeys",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevokedAt",
                table: "SigningKeys",
                type: "timestamp with time zone",
                nullable: true);

            // Keys made before this migration signed from the moment they were created.
            migrationBuilder.Sql("UPDATE \"SigningKeys\" SET \"ActivatesAt\" = \"CreatedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ActivatesAt",
                table: "SigningKeys");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "SigningKeys");
        }
    }
}
