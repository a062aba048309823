namespace Recommender.Core.Configuration;

/// <summary>
/// A settings class that names each of its bad settings by its configuration key ("Consumers:BatchSize must be 1 to 10000; got 0"):
/// the one way every options class of the platform is checked, bound through <see cref="ValidatedOptions.AddValidatedOptions{T}"/>.
/// </summary>
public interface IValidatedOptions
{
    IEnumerable<string> Problems();
}
