using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoachConsole.Web.Data.Migrations
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
                type: "INTEGER",
                nullable: true);

            // Conversations that ended before the column existed: UTC ticks from the stored text, to the millisecond.
            migrationBuilder.Sql(
                """
                UPDATE "Conversations" SET "EndedAtTicks" =
                    CAST(strftime('%s', "EndedAt") AS INTEGER) * 10000000 + 621355968000000000
                    + CAST((strftime('%f', "EndedAt") - CAST(strftime('%S', "EndedAt") AS INTEGER)) * 1000 AS INTEGER) * 10000
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
