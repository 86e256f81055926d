using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Api;

public sealed class ConversationsApiTests(CoachFactory factory) : IClassFixture<CoachFactory>
{
    private readonly HttpClient _client = factory.CreateConnectorClient();

    [Fact]
    public async Task RoundTrip_AngryCustomerThenAcknowledgingAgent_MovesStageAndStoresTranscript()
    {
        var id = await _client.StartConversationAsync();

        var angry = await _client.AddTurnAsync(id, "customer", "This is RIDICULOUS!!! I'm furious, the blender broke after two days");
        Assert.Equal(HttpStatusCode.Created, angry.StatusCode);
        var afterAngry = await angry.ReadJsonAsync();
        Assert.Equal("listening", afterAngry["conversation"]!["stage"]!.GetValue<string>());
        Assert.Equal("angry", afterAngry["turn"]!["mood"]!.GetValue<string>());

        var answer = await _client.AddTurnAsync(id, "agent", "I'm so sorry, Maria. I understand how frustrating that is.");
        var afterAnswer = await answer.ReadJsonAsync();
        Assert.Equal("clarifying", afterAnswer["conversation"]!["stage"]!.GetValue<string>());
        Assert.Contains(afterAnswer["stageChanges"]!.AsArray(), m => m!["to"]!.GetValue<string>() == "clarifying");

        var state = await _client.GetConversationAsync(id);
        Assert.Equal("clarifying", state["conversation"]!["stage"]!.GetValue<string>());
        var transcript = state["transcript"]!.AsArray();
        Assert.Equal(["customer", "agent"], transcript.Select(t => t!["speaker"]!.GetValue<string>()));
        var cards = state["conversation"]!["suggestions"]!.AsArray();
        Assert.InRange(cards.Count, 1, 3);
        Assert.All(cards, c =>
        {
            Assert.DoesNotContain("{", c!["text"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith("Clarifying", c["why"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(c["phraseId"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task Transcript_NamesTheLeadAsAuthorOfTheirTurnsAfterATakeOver_AndNoAuthorForTheOthers()
    {
        var id = await _client.StartConversationAsync();
        await _client.AddTurnAsync(id, "customer", "I want to talk to your manager.");
        await _client.AddTurnAsync(id, "agent", "Of course, I'm asking my lead to join.");
        var leo = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, "leo"), new(System.Security.Claims.ClaimTypes.Name, "leo"), new(CoachConsole.Web.Auth.CoachClaims.DisplayName, "Leo Park"),
                new(System.Security.Claims.ClaimTypes.Role, Roles.TeamLead), new(CoachConsole.Web.Auth.CoachClaims.Leads, DatabaseSetup.DemoTeamId),
            ],
            "test"));
        var lead = factory.Services.GetRequiredService<LeadActions>();
        await lead.JoinAsync(id, leo, takeOver: true);
        await lead.ReplyAsync(id, leo, "This is Leo, the team lead. I'll sort it out now.");

        var transcript = (await _client.GetConversationAsync(id))["transcript"]!.AsArray();

        Assert.Equal(["customer", "agent", "agent"], transcript.Select(t => t!["speaker"]!.GetValue<string>()));
        Assert.Null(transcript[0]!["author"]);
        Assert.Null(transcript[1]!["author"]);
        Assert.Equal("Leo Park", transcript[2]!["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddTurn_RetriedTurnId_IsStoredOnceAndAnsweredTheSame()
    {
        var id = await _client.StartConversationAsync();

        var first = await _client.AddTurnAsync(id, "customer", "Where is my parcel?", turnId: "platform-42");
        var retry = await _client.AddTurnAsync(id, "customer", "Where is my parcel?", turnId: "platform-42");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await first.ReadJsonAsync())["turn"]!["id"]!.GetValue<Guid>(), (await retry.ReadJsonAsync())["turn"]!["id"]!.GetValue<Guid>());
        Assert.Equal(1, await CountTurnsAsync(id));
    }

    [Fact]
    public async Task AddTurn_ConcurrentTurnsForOneConversation_AreAllStoredInOneOrder()
    {
        var id = await _client.StartConversationAsync();

        var posts = Enumerable.Range(1, 20).Select(i => _client.AddTurnAsync(id, i % 2 == 0 ? "agent" : "customer", $"message {i}", turnId: $"t{i}"));
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var transcript = (await _client.GetConversationAsync(id))["transcript"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 20), transcript.Select(t => t!["sequence"]!.GetValue<int>()));
        Assert.Equal(20, transcript.Select(t => t!["turnId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task AddTurn_MalformedJson_Is400WithProblemAndChangesNothing()
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.PostAsync($"/api/v1/conversations/{id}/turns", new StringContent("{\"speaker\":\"customer\",\"text\":", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Theory]
    [InlineData("{\"speaker\":\"manager\",\"text\":\"hi\"}", "speaker")]
    [InlineData("{\"speaker\":\"customer\",\"text\":\"   \"}", "text")]
    [InlineData("{\"speaker\":\"customer\"}", "text")]
    public async Task AddTurn_InvalidField_Is400NamingTheField(string body, string field)
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.PostAsync($"/api/v1/conversations/{id}/turns", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"errors should name {field}: {problem}");
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Theory]
    [InlineData("no-such-phrase")]
    [InlineData("ack-apology\u0000")]
    [InlineData("a-phrase-id-far-longer-than-any-phrase-id-can-be-a-phrase-id-far-longer-than-any-phrase-id-can-be-x")]
    public async Task AddTurn_APhraseIdOutsideTheLibrary_Is400NamingPhraseId_AndRecordsNoCard(string phraseId)
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/conversations/{id}/turns", new { speaker = "agent", text = "I'm so sorry about that.", phraseId });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("phraseId"), $"errors should name phraseId: {problem}");
        Assert.Equal(0, await CountTurnsAsync(id));
        Assert.Equal(0, await CountUsedCardsAsync(id));
    }

    [Fact]
    public async Task AddTurn_APublishedPhraseId_IsRecordedAsAUsedCard()
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/conversations/{id}/turns", new { speaker = "agent", text = "I'm so sorry about that.", phraseId = "ack-apology" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await CountUsedCardsAsync(id));
    }

    [Theory]
    [InlineData("no-such-phrase")]
    [InlineData("ack-apology\u0000")]
    [InlineData("a-phrase-id-far-longer-than-any-phrase-id-can-be-a-phrase-id-far-longer-than-any-phrase-id-can-be-x")]
    public async Task ACardEvent_ForAPhraseOutsideTheLibrary_IsRefusedNamingPhraseId(string phraseId)
    {
        var id = await _client.StartConversationAsync();
        var conversations = factory.Services.GetRequiredService<ConversationService>();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => conversations.RecordCardAsync(id, phraseId, CardAction.Used));

        Assert.Equal("phraseId", refused.Field);
        Assert.Equal(0, await CountUsedCardsAsync(id));
    }

    [Theory]
    [InlineData("{\"speaker\":\"customer\",\"text\":\"hello\\u0000there\"}", "text")]
    [InlineData("{\"speaker\":\"customer\",\"text\":\"hello\",\"turnId\":\"t-\\u0000\"}", "turnId")]
    [InlineData("{\"speaker\":\"customer\",\"text\":\"hello\\u001b[2Jthere\"}", "text")]
    [InlineData("{\"speaker\":\"customer\",\"text\":\"hello\\u0008\\u0008there\"}", "text")]
    public async Task AddTurn_ANulOrControlCharacter_Is400NamingTheField(string body, string field)
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.PostAsync($"/api/v1/conversations/{id}/turns", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"errors should name {field}: {problem}");
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Theory]
    [InlineData("customerName")]
    [InlineData("issueSummary")]
    [InlineData("agentId")]
    [InlineData("options")]
    public async Task Start_ANulCharacter_Is400NamingTheField(string field) => await StartRefusedAsync(field, "\u0000");

    [Theory]
    [InlineData("customerName")]
    [InlineData("issueSummary")]
    public async Task Start_AControlCharacter_Is400NamingTheField(string field) => await StartRefusedAsync(field, "\u0007\n");

    [Fact]
    public async Task AddTurn_LineBreaksAndTabsInText_AreKept()
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.AddTurnAsync(id, "customer", "first line\r\n\tsecond line");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await CountTurnsAsync(id));
    }

    private async Task StartRefusedAsync(string field, string character)
    {
        var before = await CountConversationsAsync();
        var body = new Dictionary<string, object>
        {
            ["channel"] = "chat",
            ["customerName"] = "Maria Lopez",
            ["issueSummary"] = "a broken blender",
        };
        body[field] = field == "options" ? new[] { "a refund", $"a re{character}placement" } : $"Maria{character}";

        var response = await _client.PostAsJsonAsync("/api/v1/conversations", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"errors should name {field}: {problem}");
        Assert.Equal(before, await CountConversationsAsync());
    }

    [Fact]
    public async Task AddTurn_TextOverTheCap_Is400NamingText()
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.AddTurnAsync(id, "customer", new string('a', 4001));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("text"));
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Fact]
    public async Task AddTurn_BodyOverTheLimit_Is413()
    {
        var id = await _client.StartConversationAsync();

        var response = await _client.AddTurnAsync(id, "customer", new string('a', 100_000));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Fact]
    public async Task AddTurn_BodySentWithoutALength_IsReadWhole_AndRefusedOnlyPastTheLimit()
    {
        var id = await _client.StartConversationAsync();

        // A turn whose JSON is longer than a first read: padded with spaces the JSON allows, then the text at the end.
        var text = "Still no refund — día " + new string('x', 50) + " 😤";
        var padded = "{\"speaker\":\"customer\"," + new string(' ', 20_000) + "\"text\":" + JsonSerializer.Serialize(text) + "}";
        var accepted = await _client.PostAsync($"/api/v1/conversations/{id}/turns", Unsized(padded));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);

        var tooLarge = await _client.PostAsync($"/api/v1/conversations/{id}/turns", Unsized("{\"speaker\":\"customer\"," + new string(' ', 70_000) + "\"text\":\"hi\"}"));
        await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);

        var stored = await _client.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{id}");
        var turn = Assert.Single(stored!["transcript"]!.AsArray());
        Assert.Equal(text, (string?)turn!["text"]);

        // Streamed in small pieces with no Content-Length, as a chunked client sends it.
        static HttpContent Unsized(string json)
        {
            var content = new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(json)));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return content;
        }
    }

    /// <summary>A body of unknown length that hands out at most 1,000 bytes a read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1000));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }

    [Fact]
    public async Task UnknownConversation_Is404Problem()
    {
        var response = await _client.GetAsync($"/api/v1/conversations/{Guid.NewGuid()}");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);

        var turn = await _client.AddTurnAsync(Guid.NewGuid(), "customer", "hello");
        await AssertProblemAsync(turn, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NoKeyOrWrongKey_Is401AndCreatesNothing()
    {
        using var anonymous = factory.CreateClient();
        var before = await CountConversationsAsync();

        var none = await anonymous.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "X", issueSummary = "Y" });
        using var wrong = factory.CreateConnectorClient("not-a-key");
        var bad = await wrong.PostAsJsonAsync("/api/v1/conversations", new { channel = "chat", customerName = "X", issueSummary = "Y" });

        await AssertProblemAsync(none, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(bad, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await CountConversationsAsync());
    }

    [Fact]
    public async Task OtherTeamsKey_Is403OnAnotherTeamsConversation()
    {
        var id = await _client.StartConversationAsync();
        using var other = factory.CreateConnectorClient(CoachFactory.OtherTeamKey);

        await AssertProblemAsync(await other.GetAsync($"/api/v1/conversations/{id}"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await other.AddTurnAsync(id, "customer", "hello"), HttpStatusCode.Forbidden);
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Fact]
    public async Task End_ThenTurn_Is409AndNothingStored()
    {
        var id = await _client.StartConversationAsync();

        var end = await _client.PostAsync($"/api/v1/conversations/{id}/end", null);
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal("ended", (await end.ReadJsonAsync())["stage"]!.GetValue<string>());

        await AssertProblemAsync(await _client.AddTurnAsync(id, "customer", "hello?"), HttpStatusCode.Conflict);
        Assert.Equal(0, await CountTurnsAsync(id));
    }

    [Fact]
    public async Task Start_InvalidChannelAndMissingName_Is400NamingBoth()
    {
        var before = await CountConversationsAsync();

        var response = await _client.PostAsJsonAsync("/api/v1/conversations", new { channel = "fax", issueSummary = "x" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("channel") && errors.ContainsKey("customerName"), problem.ToJsonString());
        Assert.Equal(before, await CountConversationsAsync());
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    private async Task<int> CountTurnsAsync(Guid id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Turns.CountAsync(t => t.ConversationId == id);
    }

    private async Task<int> CountUsedCardsAsync(Guid id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.CardEvents.CountAsync(e => e.ConversationId == id && e.Action == CardAction.Used);
    }

    private async Task<int> CountConversationsAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CoachDbContext>>().CreateDbContextAsync();
        return await db.Conversations.CountAsync();
    }
}
