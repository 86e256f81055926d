using CoachConsole.Core.Conversations;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CoachConsole.Web.Api;

/// <summary>Turns the product's refusals into problem-details answers with the right status.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            InputRejectedException e => new ValidationProblemDetails(new Dictionary<string, string[]> { [e.Field] = [e.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
            },
            ConversationNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
            ConversationEndedException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conversation ended", Detail = e.Message },
            AccessDeniedException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = e.Message },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message },
            _ when StorageFailure.IsUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage is unavailable",
                Detail = "The database cannot be written right now; nothing of this request was stored. Send the same request again later.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = ((int)StorageFailure.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
