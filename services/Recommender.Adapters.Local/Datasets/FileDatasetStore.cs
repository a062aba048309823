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
        try
        {
            await using (var file = File.Create(temporary))
            {
                await content.CopyToAsync(file, cancellationToken);
            }
            // Readers see the old file or the new one whole, never a part.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return path;
    }

    public Task<Stream?> OpenAsync(string runId, string fileName, CancellationToken cancellationToken)
    {
        var path = PathOf(runId, fileName);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    private string PathOf(string runId, string fileName)
    {
        DatasetFileNames.EnsureOneSegment(runId, fileName);
        return Path.Combine(root, runId, fileName);
    }
}
