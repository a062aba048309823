namespace Recommender.Engine.Tests;
public class PlaceholderTests { }
