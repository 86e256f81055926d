using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoachConsole.Web.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class ConversationEndedTicks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EndedAtTicks",
                table: "Conversations",
                type: "bigint",
                nullable: true);

            // Conversations that ended before the column existed: UTC ticks from the stored instant.
            migrationBuilder.Sql(
                """
                UPDATE "Conversations" SET "EndedAtTicks" = (EXTRACT(EPOCH FROM "EndedAt") * 10000000)::bigint + 621355968000000000
                WHERE "EndedAt" IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_TeamId_EndedAtTicks",
                table: "Conversations",
                columns: new[] { "TeamId", "EndedAtTicks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conversations_TeamId_EndedAtTicks",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "EndedAtTicks",
                table: "Conversations");
        }
    }
}
