using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Platform.Silo.AzureTableStorage.Providers;

namespace Platform.Silo.AzureTableStorage.Storage;

/// <summary>
/// Grain state in an Azure table, one partition per grain, as readable JSON text. A table string
/// property holds 64 KiB and an entity 1 MiB, so larger state is split over properties and, past
/// one entity, over rows that are written together in one transaction. Optimistic concurrency uses
/// the first row's ETag: a write from a stale state throws <see cref="InconsistentStateException"/>.
/// </summary>
public sealed partial class AzureTableGrainStorage(
    string name,
    AzureTableStorageOptions options,
    IOptions<ClusterOptions> cluster,
    ILogger<AzureTableGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    // Strings travel as UTF-16: 32,000 characters stay under the 64 KiB a property may hold.
    private const int CharsPerProperty = 32_000;

    // 15 properties of 64 KiB, the keys and the counters stay under the 1 MiB an entity may hold.
    private const int PropertiesPerRow = 15;

    private const string RowsProperty = "Rows";
    private const string DataProperty = "Data";

    private TableClient? _table;

    private TableClient Table => _table ?? throw new AzureTableStorageException($"AzureTableStorage grain storage '{name}' is not initialized yet.");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<AzureTableGrainStorage>(name), options.InitStage, Initialize);

    /// <summary>Creates the table when missing; the silo calls it at <see cref="AzureTableStorageOptions.InitStage"/>.</summary>
    public async Task Initialize(CancellationToken cancellationToken)
    {
        var table = options.TableServiceClient!.GetTableClient(options.TableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        _table = table;
        LogInitialized(logger, name, options.TableName);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partition, row) = Keys(stateName, grainId);
        var rows = new List<TableEntity>();
        try
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and (RowKey eq {row} or (RowKey gt {row + "~"} and RowKey lt {row + "~~"}))");
            await foreach (var entity in Table.QueryAsync<TableEntity>(filter))
            {
                rows.Add(entity);
            }
        }
        catch (RequestFailedException exception)
        {
            throw new AzureTableStorageException($"Reading {stateName} of {grainId} from table {options.TableName} failed: {exception.Message}", exception);
        }

        var first = rows.Find(entity => entity.RowKey == row);
        if (first is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var rowCount = first.GetInt32(RowsProperty) ?? 1;
        var ordered = Enumerable.Range(0, rowCount)
            .Select(i => rows.Find(entity => entity.RowKey == RowKey(row, i))
                ?? throw new AzureTableStorageException($"State {stateName} of {grainId} is missing row {i} of {rowCount}."));
        var json = new StringBuilder();
        foreach (var entity in ordered)
        {
            for (var i = 0; entity.GetString($"{DataProperty}{i}") is { } chunk; i++)
            {
                json.Append(chunk);
            }
        }

        grainState.State = options.GrainStorageSerializer.Deserialize<T>(BinaryData.FromString(json.ToString()));
        grainState.ETag = Tag(first.ETag, rowCount);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partition, row) = Keys(stateName, grainId);
        var json = options.GrainStorageSerializer.Serialize(grainState.State).ToString();
        var chunks = Enumerable.Range(0, (json.Length + CharsPerProperty - 1) / CharsPerProperty)
            .Select(i => json.Substring(i * CharsPerProperty, Math.Min(CharsPerProperty, json.Length - i * CharsPerProperty)))
            .DefaultIfEmpty("")
            .Chunk(PropertiesPerRow)
            .ToList();
        var (previousETag, previousRows) = Parse(grainState.ETag);

        var actions = new List<TableTransactionAction>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var entity = new TableEntity(partition, RowKey(row, i));
            for (var c = 0; c < chunks[i].Length; c++) entity[$"{DataProperty}{c}"] = chunks[i][c];
            if (i == 0)
            {
                entity[RowsProperty] = chunks.Count;
                actions.Add(previousETag is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, previousETag.Value));
            }
            else
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            }
        }

        // Rows a larger earlier state used, and this one does not.
        for (var i = chunks.Count; i < previousRows; i++)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, RowKey(row, i)), ETag.All));
        }

        var responses = await Submit(actions, stateName, grainId, grainState.ETag);
        grainState.ETag = Tag(responses[0].Headers.ETag!.Value, chunks.Count);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (previousETag, previousRows) = Parse(grainState.ETag);
        if (previousETag is { } etag)
        {
            var (partition, row) = Keys(stateName, grainId);
            await Submit(Enumerable.Range(0, previousRows)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, RowKey(row, i)), i == 0 ? etag : ETag.All))
                .ToList(), stateName, grainId, grainState.ETag);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<IReadOnlyList<Response>> Submit(List<TableTransactionAction> actions, string stateName, GrainId grainId, string? expectedETag)
    {
        try
        {
            return (await Table.SubmitTransactionAsync(actions)).Value;
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412 or 404)
        {
            LogConflict(logger, name, stateName, grainId, exception.Status);
            throw new InconsistentStateException(
                $"State {stateName} of {grainId} changed in table {options.TableName} since it was read (status {exception.Status}).",
                expectedETag ?? "(none)", "(unknown)");
        }
        catch (RequestFailedException exception)
        {
            throw new AzureTableStorageException($"Writing {stateName} of {grainId} to table {options.TableName} failed: {exception.Message}", exception);
        }
    }

    private (string Partition, string Row) Keys(string stateName, GrainId grainId) =>
        (Escape($"{cluster.Value.ServiceId}_{grainId}"), Escape(stateName));

    private static string RowKey(string row, int index) => index == 0 ? row : $"{row}~{index}";

    /// <summary>Orleans' ETag for the state: the first row's ETag, and how many rows the state spans.</summary>
    private static string Tag(ETag etag, int rows) => $"{rows}|{etag}";

    private static (ETag? ETag, int Rows) Parse(string? tag) =>
        tag?.Split('|', 2) is [var rows, var etag] && int.TryParse(rows, CultureInfo.InvariantCulture, out var count) ? (new ETag(etag), count) : (null, 0);

    /// <summary>Table keys may not hold / \ # ? or control characters; those (and %) become %XX.</summary>
    private static string Escape(string key)
    {
        var escaped = new StringBuilder(key.Length);
        foreach (var character in key)
        {
            if (character is '/' or '\\' or '#' or '?' or '%' || char.IsControl(character))
            {
                escaped.Append('%').Append(((int)character).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(character);
            }
        }

        return escaped.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "AzureTableStorage grain storage '{Name}' uses table {Table}.")]
    private static partial void LogInitialized(ILogger logger, string name, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AzureTableStorage grain storage '{Name}': {StateName} of {GrainId} was changed elsewhere (status {Status}).")]
    private static partial void LogConflict(ILogger logger, string name, string stateName, GrainId grainId, int status);
}
