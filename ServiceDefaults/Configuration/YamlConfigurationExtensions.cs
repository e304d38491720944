using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using NetEscapades.Configuration.Yaml;

namespace Platform.ServiceDefaults.Configuration;

public static class YamlConfigurationExtensions
{
    /// <summary>
    /// <c>appsettings.yaml</c> and <c>appsettings.{Environment}.yaml</c>, where present, right after the JSON files:
    /// they override JSON, and environment variables and the command line override them.
    /// </summary>
    public static IHostApplicationBuilder AddYamlConfiguration(this IHostApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var afterJson = sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            .index + 1;
        string[] files = ["appsettings.yaml", $"appsettings.{builder.Environment.EnvironmentName}.yaml"];
        foreach (var (file, offset) in files.Select((file, offset) => (file, offset)))
        {
            var source = new YamlConfigurationSource
            {
                Path = file,
                Optional = true,
                ReloadOnChange = true,
                FileProvider = builder.Environment.ContentRootFileProvider,
                OnLoadException = ConfigurationFailure.StopOnLoadError,
            };
            sources.Insert(afterJson + offset, source);
        }

        return builder;
    }
}
