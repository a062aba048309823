namespace Recommender.Adapters.Aws.Tests;
public class PlaceholderTests { }
