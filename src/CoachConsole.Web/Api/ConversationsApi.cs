using System.Buffers;
using System.Text.Json;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Web.Auth;
using CoachConsole.Web.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachConsole.Web.Api;

/// <summary>The body of <c>POST /api/v1/conversations</c>.</summary>
public sealed record StartConversationRequest(string? Channel, string? CustomerName, string? IssueSummary, string? AgentId, IReadOnlyList<string>? Options);

/// <summary>The body of <c>POST /api/v1/conversations/{id}/turns</c>.</summary>
public sealed record AddTurnRequest(string? Speaker, string? Text, string? TurnId, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? PhraseId, bool? Final);

/// <summary>The public contract for connectors: start a conversation, add turns, end it, read it.</summary>
public static class ConversationsApi
{
    /// <summary>Largest request body the API reads; a turn's text is capped well below it.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const int MaxNameLength = ConversationInput.MaxNameLength;
    public const int MaxIssueLength = ConversationInput.MaxIssueLength;
    public const int MaxTurnIdLength = 100;
    public const int MaxOptions = 10;

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations")
            .RequireAuthorization(AuthSetup.ConnectorPolicy)
            .RequireRateLimiting(AuthSetup.ConnectorRateLimit)
            .WithTags("Conversations");

        api.MapPost("/", StartAsync).WithName("StartConversation").WithSummary("Starts a conversation and assigns it to an agent.");
        api.MapPost("/{id:guid}/turns", AddTurnAsync).WithName("AddTurn").WithSummary("Adds a turn; a repeated turnId is stored once.");
        api.MapPost("/{id:guid}/end", EndAsync).WithName("EndConversation").WithSummary("Ends a conversation.");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetConversation").WithSummary("The stage, heat, current cards and transcript.");
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext http, ConversationService service, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadJsonAsync<StartConversationRequest>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var errors = ConversationInput.CheckStart(body!.CustomerName, body.IssueSummary);
        var channel = ParseEnum<Channel>(body.Channel, "channel", "chat or voice", errors);
        if (body.Options is { } options && (options.Count > MaxOptions || options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > MaxNameLength)))
        {
            errors["options"] = [$"Give at most {MaxOptions} options, each 1 to {MaxNameLength} characters."];
        }

        NoNul(body.Channel, "channel", errors);
        NoNul(body.AgentId, "agentId", errors);
        NoCardNumber(body.AgentId, "agentId", errors);
        foreach (var option in body.Options ?? [])
        {
            NoNul(option, "options", errors);
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var team = http.User.FindFirst(CoachClaims.Team)?.Value;
        var view = await service.StartAsync(new StartConversation(channel, body.CustomerName!, body.IssueSummary!, body.AgentId, team, body.Options), cancellationToken);
        return Results.Created($"/api/v1/conversations/{view.Id}", view);
    }

    private static async Task<IResult> AddTurnAsync(Guid id, HttpContext http, ConversationService service, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadJsonAsync<AddTurnRequest>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var errors = ConversationInput.CheckText(body!.Text, service.MaxTextLength);
        var speaker = ParseEnum<Speaker>(body.Speaker, "speaker", "customer or agent", errors);
        if (body.TurnId is { } turnId && (turnId.Length == 0 || turnId.Length > MaxTurnIdLength))
        {
            errors["turnId"] = [$"turnId must be 1 to {MaxTurnIdLength} characters."];
        }

        if (body.PhraseId is { } phraseId && (phraseId.Length is 0 or > LibraryFormat.MaxId || phraseId.Contains('\0', StringComparison.Ordinal)))
        {
            errors["phraseId"] = [$"phraseId must be the id of a phrase in the library, 1 to {LibraryFormat.MaxId} characters."];
        }

        NoNul(body.Speaker, "speaker", errors);
        NoNul(body.TurnId, "turnId", errors);
        NoCardNumber(body.TurnId, "turnId", errors);
        NoCardNumber(body.PhraseId, "phraseId", errors);
        if (body.StartedAt is { } s && body.EndedAt is { } e && e < s)
        {
            errors["endedAt"] = ["endedAt must not be before startedAt."];
        }

        if (body.Final == false && body.TurnId is null)
        {
            errors["turnId"] = ["A partial utterance (final: false) needs the turnId its final turn will carry."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (await OutsideTeamAsync(http, service, id, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (body.Final == false)
        {
            // Shown live and replaced by the final turn; coaching waits for the final one.
            await service.PartialAsync(id, speaker, body.Text!, body.TurnId!, cancellationToken);
            return Results.Accepted(value: new { turnId = body.TurnId, final = false });
        }

        var accepted = await service.AddTurnAsync(id, new AddTurn(speaker, body.Text!, body.TurnId, body.EndedAt ?? body.StartedAt, body.PhraseId), cancellationToken);
        return accepted.Replayed ? Results.Ok(accepted) : Results.Created($"/api/v1/conversations/{id}", accepted);
    }

    private static async Task<IResult> EndAsync(Guid id, HttpContext http, ConversationService service, CancellationToken cancellationToken)
    {
        if (await OutsideTeamAsync(http, service, id, cancellationToken) is { } refused)
        {
            return refused;
        }

        return Results.Ok(await service.EndAsync(id, cancellationToken));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, ConversationService service, CancellationToken cancellationToken)
    {
        var details = await service.GetAsync(id, cancellationToken);
        return InTeam(http, details.Conversation.TeamId) ? Results.Ok(details) : Forbidden("The conversation belongs to another team.");
    }

    private static async Task<IResult?> OutsideTeamAsync(HttpContext http, ConversationService service, Guid id, CancellationToken cancellationToken)
    {
        var team = await service.TeamOfAsync(id, cancellationToken);
        return InTeam(http, team) ? null : Forbidden("The conversation belongs to another team.");
    }

    private static bool InTeam(HttpContext http, string team)
    {
        var keyTeam = http.User.FindFirst(CoachClaims.Team)?.Value;
        return keyTeam is null || string.Equals(keyTeam, team, StringComparison.Ordinal);
    }

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    /// <summary>Reads a JSON body with a size cap; malformed or oversize bodies get a problem answer.</summary>
    internal static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (request.HasJsonContentType() is false)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the body as application/json."));
        }

        // Read into a pooled buffer (most bodies are well under a kilobyte), never past the limit.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and <= MaxBodyBytes ? (int)request.ContentLength.Value + 1 : 4096);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBodyBytes)
                {
                    return (null, TooLarge());
                }
            }

            var options = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var body = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), options);
            return body is null
                ? (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", detail: "The body must be a JSON object."))
                : (body, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : "";
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", detail: $"The body is not valid JSON for this request{where}."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"The body is larger than {MaxBodyBytes / 1024} KB.");

    private static T ParseEnum<T>(string? value, string field, string allowed, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        if (value is not null && !int.TryParse(value, out _) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        errors[field] = [$"{field} must be {allowed}."];
        return default;
    }

    private static void NoNul(string? value, string field, Dictionary<string, string[]> errors) =>
        ConversationInput.NoControlCharacters(value, field, errors);

    /// <summary>An id the client chooses is kept and shown as it is, so one holding a card number is refused.</summary>
    private static void NoCardNumber(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (ChosenIds.HoldsCardNumber(value))
        {
            errors[field] = [ChosenIds.Refusal(field)];
        }
    }
}
