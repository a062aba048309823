using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Recommender.Hosting;

/// <summary>
/// One request parameter, declared once: <see cref="QueryParameters"/> reads and checks it with these rules, and
/// <see cref="ApiDocumentation.WithParameters{TBuilder}"/> writes the same rules (type, range, default, description) into
/// the OpenAPI document, so the document cannot promise what the code does not check.
/// </summary>
public abstract record ApiParameter(string Name, string Description)
{
    public const int MaxIdLength = 256;

    public virtual ParameterLocation In => ParameterLocation.Query;
    public virtual bool Required => false;

    internal abstract OpenApiSchema Schema();

    internal OpenApiParameter ToOpenApi()
    {
        var parameter = new OpenApiParameter { Name = Name, In = In, Required = Required, Description = Description, Schema = Schema() };
        if (this is ListParameter)
        {
            // comma-separated in one value (the parameter may also be repeated)
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = false;
        }
        return parameter;
    }
}

/// <summary>An integer from <paramref name="Min"/> to <paramref name="Max"/>; absent means <paramref name="Default"/>.</summary>
public sealed record IntegerParameter(string Name, string Description, int Min, int Max, int Default) : ApiParameter(Name, Description)
{
    internal override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = Min.ToString(CultureInfo.InvariantCulture),
        Maximum = Max.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(Default),
    };
}

/// <summary><c>true</c> or <c>false</c>; absent means <paramref name="Default"/>.</summary>
public sealed record BooleanParameter(string Name, string Description, bool Default) : ApiParameter(Name, Description)
{
    internal override OpenApiSchema Schema() => new() { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(Default) };
}

/// <summary>An id or a short text: 1 to <paramref name="MaxLength"/> characters, no control characters.</summary>
public sealed record TextParameter(string Name, string Description, int MaxLength = ApiParameter.MaxIdLength, bool IsRequired = false)
    : ApiParameter(Name, Description)
{
    public override bool Required => IsRequired;

    internal override OpenApiSchema Schema() => new() { Type = JsonSchemaType.String, MinLength = 1, MaxLength = MaxLength };
}

/// <summary>A route segment naming a user or a track: 1 to 256 characters, no control characters.</summary>
public sealed record IdParameter(string Name, string Description) : ApiParameter(Name, Description)
{
    public override ParameterLocation In => ParameterLocation.Path;
    public override bool Required => true;

    internal override OpenApiSchema Schema() => new() { Type = JsonSchemaType.String, MinLength = 1, MaxLength = MaxIdLength };
}

/// <summary>A comma-separated list (or the parameter repeated) of up to <paramref name="MaxItems"/> names; blanks are dropped.</summary>
public sealed record ListParameter(string Name, string Description, int MaxItems = 50) : ApiParameter(Name, Description)
{
    internal override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Array,
        MaxItems = MaxItems,
        Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxIdLength },
    };
}

/// <summary>A calendar date written YYYY-MM-DD (OpenAPI's <c>date</c> format); absent means a default the endpoint describes.</summary>
public sealed record DateParameter(string Name, string Description) : ApiParameter(Name, Description)
{
    internal override OpenApiSchema Schema() => new() { Type = JsonSchemaType.String, Format = "date", Pattern = @"^\d{4}-\d{2}-\d{2}$" };
}
