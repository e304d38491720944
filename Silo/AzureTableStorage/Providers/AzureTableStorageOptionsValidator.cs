using System.Text.RegularExpressions;

namespace Platform.Silo.AzureTableStorage.Providers;

/// <summary>Fails silo start with a message that names the provider when its options cannot work.</summary>
public sealed partial class AzureTableStorageOptionsValidator(AzureTableStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (options.TableServiceClient is null)
        {
            throw new OrleansConfigurationException(
                $"AzureTableStorage grain storage '{name}' has no table client: set Orleans:GrainStorage:{name}:ServiceKey and the matching ConnectionStrings entry.");
        }

        if (!TableNamePattern().IsMatch(options.TableName))
        {
            throw new OrleansConfigurationException(
                $"AzureTableStorage grain storage '{name}': '{options.TableName}' is not a valid table name (3 to 63 letters or digits, starting with a letter).");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
