namespace Recommender.AllInOne.Tests;
public class PlaceholderTests { }
