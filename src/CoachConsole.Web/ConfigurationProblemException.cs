namespace CoachConsole.Web;

/// <summary>
/// A setting, or storage, the product cannot start with. The host stops with the message on standard
/// error and exit code 2 instead of a stack trace: the message says which setting or file and what to do.
/// </summary>
public sealed class ConfigurationProblemException(string message) : InvalidOperationException(message);
