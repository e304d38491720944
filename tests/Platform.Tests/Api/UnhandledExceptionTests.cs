using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

[Collection(SessionClusterCollection.Name)]
public sealed class UnhandledExceptionTests(SessionCluster sessions)
{
    private const string Secret = "connection string with a password";

    [Fact]
    public async Task A_crash_outside_development_is_a_500_problem_with_no_stack_trace()
    {
        await using var api = CrashingApi("Production");

        var response = await api.CreateClient().GetAsync("/crash");

        var problem = await Problems.Assert(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("exception", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_crash_in_development_names_the_exception_for_the_developer()
    {
        await using var api = CrashingApi("Development");

        var response = await api.CreateClient().GetAsync("/crash");

        var problem = await Problems.Assert(response, HttpStatusCode.InternalServerError);
        Assert.Contains(Secret, problem.GetProperty("exception").GetString());
    }

    /// <summary>The real API, plus one request path at the end of its pipeline that throws.</summary>
    private ApiFactory CrashingApi(string environment) => new(sessions.ApiSettings, environment, builder =>
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, CrashAtTheEnd>()));

    private sealed class CrashAtTheEnd : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(_ => throw new InvalidOperationException(Secret));
        };
    }
}
