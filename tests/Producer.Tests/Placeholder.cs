namespace Producer.Tests;
public class PlaceholderTests { }
