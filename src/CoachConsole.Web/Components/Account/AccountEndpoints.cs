using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CoachConsole.Web.Components.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the anti-forgery token: signing out cannot be forced from another site.
        // The endpoint binds no form, so nothing checks the token for it: it checks it itself.
        app.MapPost("/account/logout", async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] SignInManager<CoachUser> signIn, [FromServices] AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Sign out from the console's own Sign out button.");
            }

            var who = http.User.Identity?.Name;
            await signIn.SignOutAsync();
            if (who is not null)
            {
                await audit.WriteAsync(who, AuditActions.SignOut);
            }

            return Results.LocalRedirect("~/account/login");
        });
        return app;
    }
}
