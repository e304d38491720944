namespace Platform.AppHost.Backing;

/// <summary>
/// <c>redis-server</c> run as a process (no container engine on these machines), bound to loopback,
/// with append-only persistence in its data folder.
/// </summary>
public sealed class RedisServerResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}
