using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Configuration;

/// <summary>
/// Bad configuration stops a service with one line that names the key and the problem, and exit code 1,
/// instead of a stack trace (which would also be the only thing a user reads in the dashboard's console).
/// </summary>
public static class ConfigurationFailure
{
    public const int ExitCode = 1;

    /// <summary>Validates every option registered with <c>ValidateOnStart</c>, then runs the app; on a failure, says it and exits.</summary>
    public static void RunWithValidConfiguration(this WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception exception) when (Failures(exception) is { Count: > 0 } failures)
        {
            Stop(string.Join("; ", failures));
            return;
        }

        app.Run();
    }

    internal static void StopOnLoadError(FileLoadExceptionContext context)
    {
        var file = context.Provider.Source.Path;
        Stop($"{file} cannot be read: {(context.Exception.InnerException ?? context.Exception).Message.ReplaceLineEndings(" ")}");
        Environment.Exit(ExitCode);
    }

    private static void Stop(string message)
    {
        Console.Error.WriteLine($"Invalid configuration: {message}");
        Environment.ExitCode = ExitCode;
    }

    private static List<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation.Failures.ToList(),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures).ToList(),
        _ => [],
    };
}
