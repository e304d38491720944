namespace Platform.AppHost.Azure;

/// <summary>An output of a Bicep module, known only once deployed: <c>{resource.outputs.name}</c> in the manifest.</summary>
public sealed class BicepOutputReference(IResource resource, string name) : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{resource.Name}.outputs.{name}}}";

    public IEnumerable<object> References => [resource];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"{ValueExpression} has a value only in a deployment.");
}
