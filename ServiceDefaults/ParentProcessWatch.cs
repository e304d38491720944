using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults;

/// <summary>
/// Stops this service when the process that started it (the app host, or a test) is gone, so that
/// even a killed parent leaves no orphan behind. Inactive unless <c>PLATFORM_PARENT_PID</c> is set.
/// </summary>
internal sealed partial class ParentProcessWatch(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["PLATFORM_PARENT_PID"], out var pid))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!IsRunning(pid))
            {
                LogParentGone(logger, pid);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The parent process (pid {Pid}) is gone; stopping.")]
    private static partial void LogParentGone(ILogger logger, int pid);
}
