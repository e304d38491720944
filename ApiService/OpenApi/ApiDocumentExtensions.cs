using Scalar.AspNetCore;

namespace Platform.ApiService.OpenApi;

public static class ApiDocumentExtensions
{
    public const string DocumentName = "v1";

    /// <summary>The OpenAPI document (Microsoft.AspNetCore.OpenApi), with the Basic and Bearer security schemes.</summary>
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Session platform API";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<SecuritySchemes>();
            options.AddOperationTransformer<SecuritySchemes>();
        });
        return builder;
    }

    /// <summary><c>/openapi/v1.json</c> always; the Scalar reference UI at <c>/scalar</c> in Development.</summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi().DisableRateLimiting();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(options => options.WithTitle("Session platform API"));
        }

        return app;
    }
}
