namespace Recommender.Adapters.Local.Tests;
public class PlaceholderTests { }
