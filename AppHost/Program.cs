using Platform.AppHost;
using Platform.AppHost.Publishing;
using Platform.AppHost.Running;

if (!AppHostOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(AppHostOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(AppHostOptions.Usage);
    return 0;
}

return options.Publisher is not null
    ? ManifestPublisher.Publish(options)
    : await PlatformRunner.RunAsync(options);
