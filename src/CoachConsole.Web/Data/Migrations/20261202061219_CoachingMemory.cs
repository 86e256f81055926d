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

            // Conversations still live at the upgrade: the memory their turns already hold (how many
            // times the customer spoke, every signal so far, the agent's moves around the customer's
            // last two turns, a ladder step already stated), so coaching carries on where it was.
            migrationBuilder.Sql(
                $"""
                UPDATE "Conversations" SET
                    "CustomerTurns" = (SELECT COUNT(*) FROM "Turns" t WHERE t."ConversationId" = "Conversations"."Id" AND t."Speaker" = 'Customer'),
                    "CustomerSignalsSoFar" = (SELECT {AnySignal} FROM "Turns" t WHERE t."ConversationId" = "Conversations"."Id" AND t."Speaker" = 'Customer'),
                    "AgentMovesSoFar" = (SELECT {AnySignal} FROM "Turns" t WHERE t."ConversationId" = "Conversations"."Id" AND t."Speaker" = 'Agent'),
                    "AgentMovesSinceCustomer" = (SELECT {AnySignal} FROM "Turns" t WHERE t."ConversationId" = "Conversations"."Id" AND t."Speaker" = 'Agent'
                        AND t."Sequence" > {LastCustomerTurn}),
                    "AgentMovesBeforeCustomer" = (SELECT {AnySignal} FROM "Turns" t WHERE t."ConversationId" = "Conversations"."Id" AND t."Speaker" = 'Agent'
                        AND t."Sequence" < {LastCustomerTurn} AND t."Sequence" > {CustomerTurnBeforeLast})
                WHERE "EndedAt" IS NULL;
                UPDATE "Conversations" SET "BoundaryStated" = 1
                WHERE "EndedAt" IS NULL AND "Stage" = 'BoundarySetting' AND ("AgentMovesSinceCustomer" & {BoundaryStatement}) <> 0;
                """);
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

        /// <summary>The agent's boundary statement among the signal flags (1 &lt;&lt; 20).</summary>
        private const string BoundaryStatement = "1048576";

        /// <summary>Sequence of the conversation's last customer turn (-1 before any).</summary>
        private const string LastCustomerTurn =
            """COALESCE((SELECT MAX(c."Sequence") FROM "Turns" c WHERE c."ConversationId" = "Conversations"."Id" AND c."Speaker" = 'Customer'), -1)""";

        /// <summary>Sequence of the customer turn before the last one (-1 before any).</summary>
        private const string CustomerTurnBeforeLast =
            """COALESCE((SELECT MAX(c."Sequence") FROM "Turns" c WHERE c."ConversationId" = "Conversations"."Id" AND c."Speaker" = 'Customer' AND c."Sequence" < """
            + LastCustomerTurn + "), -1)";

        /// <summary>The signal flags of turns t taken together (SQLite has no bitwise-or aggregate: one flag at a time).</summary>
        private static string AnySignal =>
            string.Join(" | ", Enumerable.Range(0, 63).Select(bit => "IFNULL(MAX(t.\"Signals\" & " + (1L << bit).ToString(System.Globalization.CultureInfo.InvariantCulture) + "), 0)"));
    }
}
