using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Recommender.Core.Configuration;

/// <summary>Binds an <see cref="IValidatedOptions"/> class from its configuration section and checks it with its own <c>Problems()</c>.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/> and, unless <paramref name="validateOnStart"/> is false (settings only some
    /// hosts need), checks it when the host starts: a bad setting stops the start with every problem in one line (<see cref="OneLine"/>).
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section,
        bool validateOnStart = true) where T : class, IValidatedOptions
    {
        var builder = services.AddOptions<T>().Bind(configuration.GetSection(section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, ProblemsValidation<T>>());
        if (validateOnStart) builder.ValidateOnStart();
        return builder;
    }

    /// <summary>For settings checked when a part is first built rather than at start (which part a host needs depends on the host).</summary>
    public static void ThrowIfAny<T>(IEnumerable<string> problems, string what)
    {
        var list = problems.ToList();
        if (list.Count > 0) throw new OptionsValidationException(what, typeof(T), list);
    }

    /// <summary>
    /// A start stopped by bad settings as one line a person can act on (every problem, separated by "; "); null when
    /// <paramref name="e"/> is about something else. Several classes failing at once arrive as an AggregateException.
    /// </summary>
    public static string? OneLine(Exception e) => e switch
    {
        OptionsValidationException v => string.Join("; ", v.Failures),
        AggregateException a when a.InnerExceptions.Count > 0 && a.InnerExceptions.All(x => x is OptionsValidationException) =>
            string.Join("; ", a.InnerExceptions.SelectMany(x => ((OptionsValidationException)x).Failures)),
        _ => null,
    };

    private sealed class ProblemsValidation<T> : IValidateOptions<T> where T : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
