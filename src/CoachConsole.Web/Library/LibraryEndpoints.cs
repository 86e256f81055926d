using CoachConsole.Core.Phrases;
using CoachConsole.Web.Data;

namespace CoachConsole.Web.Library;

public static class LibraryEndpoints
{
    /// <summary>Downloads of the library as JSON or CSV, the draft or what is published; trainers only.</summary>
    public static IEndpointRouteBuilder MapLibraryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/library/export.{format}", async (string format, string? source, LibraryService library, PhraseLibraryProvider published, CancellationToken cancellationToken) =>
        {
            var phrases = source == "draft" ? await library.DraftAsync(cancellationToken) : published.Current.Phrases;
            var name = $"phrase-library-{(source == "draft" ? "draft" : "published")}";
            return format switch
            {
                "json" => Results.File(System.Text.Encoding.UTF8.GetBytes(LibraryFormat.WriteJson(new PhraseLibrary(phrases, published.Current.Avoid))), "application/json", name + ".json"),
                "csv" => Results.File(System.Text.Encoding.UTF8.GetBytes(LibraryFormat.WriteCsv(phrases)), "text/csv", name + ".csv"),
                _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "Export as .json or .csv."),
            };
        }).RequireAuthorization(p => p.RequireRole(Roles.Trainer));
        return app;
    }
}
