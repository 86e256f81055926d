namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>What a product started as its own process says on its standard output.</summary>
public static class ProductOutput
{
    /// <summary>The address from the product's "Now listening on:" line; null when it ended first.</summary>
    public static async Task<Uri?> ListeningAddressAsync(StreamReader output)
    {
        ArgumentNullException.ThrowIfNull(output);
        const string Marker = "Now listening on: ";
        while (await output.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep reading, so the product never blocks on a full output pipe.
                _ = output.ReadToEndAsync();
                return new Uri(line[(at + Marker.Length)..].Trim());
            }
        }

        return null;
    }
}
