using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoachConsole.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoachingMemory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AgentMovesBeforeCustomer",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "AgentMovesSinceCustomer",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "AgentMovesSoFar",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "BoundaryStated",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CardsAtLastTurn",
                table: "Conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "CardsAtTurnBefore",
                table: "Conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "CustomerSignalsSoFar",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "CustomerTurns",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ShownPhraseIds",
                table: "Conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AgentMovesBeforeCustomer",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "AgentMovesSinceCustomer",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "AgentMovesSoFar",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "BoundaryStated",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "CardsAtLastTurn",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "CardsAtTurnBefore",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "CustomerSignalsSoFar",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "CustomerTurns",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ShownPhraseIds",
                table: "Conversations");
        }
    }
}
