namespace Ingestion.Api.Tests;
public class PlaceholderTests { }
