namespace CoachConsole.Web.Operations;

/// <summary>
/// The keys that sign cookies and anti-forgery tokens live in the database, as they are: the
/// framework's "No XML encryptor configured" warning for each new key is filtered out and the
/// fact is said once at start-up outside Development, with what protects them.
/// </summary>
public static class KeysAtRest
{
    /// <summary>The framework's category that warns about every key stored unencrypted.</summary>
    public const string WarningCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    public const string Sentence =
        "The keys that sign cookies and anti-forgery tokens are kept unencrypted in the database (table DataProtectionKeys) so every instance shares them; "
        + "whoever can read the database or its backups can forge a sign-in, so keep both as private as the passwords";

    public static void Explain(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.Logger.LogInformation("{KeysAtRest}", Sentence);
        }
    }
}
