using CoachConsole.Web.Auth;
using CoachConsole.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CoachConsole.Web.Components.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the anti-forgery token: signing out cannot be forced from another site.
        app.MapPost("/account/logout", async (HttpContext http, [FromServices] SignInManager<CoachUser> signIn, [FromServices] AuditLog audit) =>
        {
            var who = http.User.Identity?.Name;
            await signIn.SignOutAsync();
            if (who is not null)
            {
                await audit.WriteAsync(who, AuditActions.SignOut);
            }

            return TypedResults.LocalRedirect("~/account/login");
        });
        return app;
    }
}
