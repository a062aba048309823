namespace Recommender.Core.Tests;
public class PlaceholderTests { }
