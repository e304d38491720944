namespace Platform.Silo.AzureTableStorage.Storage;

/// <summary>A grain's state could not be read or written for a reason other than a conflict.</summary>
public sealed class AzureTableStorageException(string message, Exception? inner = null) : Exception(message, inner);
