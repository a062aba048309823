namespace DatasetBuilder.Tests;
public class PlaceholderTests { }
