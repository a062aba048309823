using Recommender.Core.Datasets;

namespace Recommender.Adapters.Local.Datasets;

/// <summary>Dataset files of each build run under root/&lt;run-id&gt;/.</summary>
public sealed class FileDatasetStore(string root) : IDatasetStore
{
    public async Task<string> PutAsync(string runId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(runId, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        {
            await content.CopyToAsync(file, cancellationToken);
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public Task<Stream?> OpenAsync(string runId, string fileName, CancellationToken cancellationToken)
    {
        var path = PathOf(runId, fileName);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    private string PathOf(string runId, string fileName)
    {
        // Names come from the builder, but a path must never leave the root.
        if (runId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || runId is "." or ".." || fileName is "." or "..")
            throw new ArgumentException($"\"{runId}/{fileName}\" is not a valid dataset file name");
        return Path.Combine(root, runId, fileName);
    }
}
