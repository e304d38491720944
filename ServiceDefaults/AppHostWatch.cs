using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults;

/// <summary>
/// Stops this service when the app host that started it is gone, so that even a killed app host
/// leaves no orphan behind. Inactive unless the app host set <c>PLATFORM_APPHOST_PID</c>.
/// </summary>
internal sealed partial class AppHostWatch(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<AppHostWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["PLATFORM_APPHOST_PID"], out var pid))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!IsRunning(pid))
            {
                LogAppHostGone(logger, pid);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The app host (pid {Pid}) is gone; stopping.")]
    private static partial void LogAppHostGone(ILogger logger, int pid);
}
