namespace StreamConsumers.Tests;
public class PlaceholderTests { }
