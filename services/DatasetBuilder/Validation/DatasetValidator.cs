using DatasetBuilder.Csv;
using DatasetBuilder.Schemas;
using DatasetBuilder.Staging;
using Microsoft.Data.Sqlite;

namespace DatasetBuilder.Validation;

/// <summary>Checks the datasets of a run against <see cref="PersonalizeLimits"/> before anything is published.</summary>
public sealed class DatasetValidator(BuilderDatabase database, PersonalizeLimits limits)
{
    /// <param name="folder">Where the run's CSVs were written (file sizes are checked).</param>
    /// <param name="incrementalRunId">For an INCREMENTAL import, the run whose new interactions form the import file.</param>
    /// <param name="wholeDataset">
    /// Whether the staging file holds the whole dataset. When it holds only an increment read from the ledger's watermark, the
    /// dataset's size was checked by the run that published before, and only this import's own file is checked.
    /// </param>
    public ValidationReport Validate(string folder, DatasetCounts counts, string? incrementalRunId, bool wholeDataset = true)
    {
        var facts = new List<string>();
        var problems = new List<string>();
        using var c = database.Open();

        // training needs the whole dataset to be big enough, an import job its own file
        var total = BuilderDatabase.Scalar(c, "SELECT count(*) FROM interactions");
        var users = BuilderDatabase.Scalar(c, "SELECT count(*) FROM users");
        var usersWithTwo = BuilderDatabase.Scalar(c, "SELECT count(*) FROM users WHERE interactions >= 2");
        var eventTypes = BuilderDatabase.Scalar(c, "SELECT count(DISTINCT event_type) FROM interactions");
        facts.Add($"{total:N0} interactions in the dataset ({counts.Interactions:N0} in this import file), {users:N0} users ({usersWithTwo:N0} with two or more), {counts.Items:N0} items, {eventTypes} event types");

        if (!wholeDataset) facts.Add("the staging file holds this increment only: the dataset's size was checked when the last run published");
        else if (total < limits.MinInteractions)
            problems.Add($"INTERACTIONS has {total:N0} interactions; Personalize needs at least {limits.MinInteractions:N0} to train");
        if (wholeDataset && usersWithTwo < limits.MinUsersWithTwoInteractions)
            problems.Add($"{usersWithTwo:N0} users have two or more interactions; Personalize needs at least {limits.MinUsersWithTwoInteractions}");
        if (wholeDataset && users > 0 && (double)usersWithTwo / users < limits.MinShareOfUsersWithTwoInteractions)
            problems.Add($"only {100.0 * usersWithTwo / users:F2}% of users have two or more interactions; Personalize needs at least {100 * limits.MinShareOfUsersWithTwoInteractions:F0}%");
        if (counts.Interactions < limits.MinRecordsPerImportJob)
            problems.Add($"the INTERACTIONS import file has {counts.Interactions:N0} records; an import job needs at least {limits.MinRecordsPerImportJob:N0}");
        if (counts.Items > limits.MaxItems)
            problems.Add($"ITEMS has {counts.Items:N0} items; Personalize models consider at most {limits.MaxItems:N0}");

        CheckColumns(DatasetSchema.Interactions, eventTypes, problems);
        CheckLength(c, "interactions", "user_id", "USER_ID", limits.MaxIdLength, problems);
        CheckLength(c, "interactions", "item_id", "ITEM_ID", limits.MaxIdLength, problems);
        CheckLength(c, "interactions", "context_type", "CONTEXT_TYPE", limits.MaxCategoricalLength, problems);
        CheckLength(c, "items", "item_id", "ITEMS.ITEM_ID", limits.MaxIdLength, problems);
        CheckLength(c, "items", "artist", "ARTIST", limits.MaxCategoricalLength, problems);
        CheckLength(c, "items", "genres", "GENRES", limits.MaxCategoricalLength, problems);

        var interactionsBytes = new FileInfo(Path.Combine(folder, DatasetFiles.InteractionsFile)).Length;
        var maxBytes = incrementalRunId is null ? limits.MaxFullImportBytes : limits.MaxIncrementalImportBytes;
        if (interactionsBytes > maxBytes)
            problems.Add($"{DatasetFiles.InteractionsFile} is {interactionsBytes:N0} bytes; a {(incrementalRunId is null ? "FULL" : "INCREMENTAL")} import takes at most {maxBytes:N0}");
        facts.Add($"files: {string.Join(", ", DatasetFiles.All.Select(f => $"{f} {new FileInfo(Path.Combine(folder, f)).Length:N0} bytes"))}");
        return new ValidationReport(facts, problems);
    }

    private void CheckColumns(DatasetSchema interactions, long eventTypes, List<string> problems)
    {
        var metadata = interactions.Fields.Count(f => !PersonalizeLimits.InteractionsReserved.Contains(f.Name));
        if (metadata > limits.MaxInteractionMetadataColumns)
            problems.Add($"INTERACTIONS has {metadata} metadata columns; Personalize allows at most {limits.MaxInteractionMetadataColumns}");
        var counted = interactions.Fields.Count(f => f.Name is not ("USER_ID" or "ITEM_ID" or "TIMESTAMP" or "IMPRESSION" or "RECOMMENDATION_ID"));
        if (counted + eventTypes > limits.MaxEventTypesPlusMetadataColumns)
            problems.Add($"INTERACTIONS has {eventTypes} event types and {counted} optional columns; Personalize allows at most {limits.MaxEventTypesPlusMetadataColumns} together");
        if (DatasetSchema.Users.Fields.Count - 1 > limits.MaxUserMetadataColumns)
            problems.Add($"USERS has {DatasetSchema.Users.Fields.Count - 1} metadata columns; Personalize allows at most {limits.MaxUserMetadataColumns}");
        if (DatasetSchema.Items.Fields.Count - 1 > limits.MaxItemMetadataColumns)
            problems.Add($"ITEMS has {DatasetSchema.Items.Fields.Count - 1} metadata columns; Personalize allows at most {limits.MaxItemMetadataColumns}");
    }

    private static void CheckLength(SqliteConnection c, string table, string column, string field, int max, List<string> problems)
    {
        var tooLong = BuilderDatabase.Scalar(c, $"SELECT count(*) FROM {table} WHERE length({column}) > $max", ("$max", max));
        if (tooLong > 0)
            problems.Add($"{tooLong:N0} {field} values are longer than {max} characters, Personalize's limit (longest: {BuilderDatabase.Scalar(c, $"SELECT max(length({column})) FROM {table}")})");
    }
}
