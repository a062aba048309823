using Microsoft.Extensions.Options;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>Runs an options class's own checks, so the start-up error lists every missing setting by its key.</summary>
internal sealed class SelfValidation<T> : IValidateOptions<T> where T : class, ISelfValidating
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>For settings checked when the adapter is first built rather than at start.</summary>
    public static void ThrowIfAny(IEnumerable<string> problems, string what)
    {
        var list = problems.ToList();
        if (list.Count > 0) throw new OptionsValidationException(what, typeof(T), list);
    }
}
