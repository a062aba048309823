using Recommender.Engine.Data;

namespace Recommender.AllInOne.Commands;

/// <summary>The data sets the offline verbs read: Personalize CSVs or the Last.fm HetRec 2K folder.</summary>
internal static class DataSets
{
    public const string LastFm = "lastfm-hetrec-2k";
    public const string LastFmTags = "lastfm-hetrec-2k-tags";
    public const string PersonalizeCsv = "personalize-csv";

    public static (List<Interaction> Interactions, List<ItemMetadata> Items) Load(string dataset, string path, string? itemsPath)
    {
        switch (dataset)
        {
            case LastFm:
                if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"--path: no folder at {path}");
                var lastFm = LastFmDataSet.Load(path);
                return (lastFm.Interactions, lastFm.Items);
            case LastFmTags:
                if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"--path: no folder at {path}");
                var tags = LastFmDataSet.LoadTagAssignments(path);
                return (tags.Interactions, tags.Items);
            case PersonalizeCsv:
                CommandFailure.RequireFile(path, "--path");
                if (itemsPath is not null) CommandFailure.RequireFile(itemsPath, "--items");
                return (Engine.Data.PersonalizeCsv.ReadInteractions(path), itemsPath is null ? [] : Engine.Data.PersonalizeCsv.ReadItems(itemsPath));
            default:
                throw new ArgumentException($"--dataset must be {LastFm}, {LastFmTags} or {PersonalizeCsv}, not '{dataset}'");
        }
    }
}
