namespace Recommendations.Api.Tests;
public class PlaceholderTests { }
