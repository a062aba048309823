using Recommender.Engine.Data;
using Recommender.Engine.Evaluation;

namespace Recommender.Engine.Tests;

public class DataSetTests
{
    [Fact]
    public void personalize_interactions_are_read_with_extra_columns_ignored()
    {
        var csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,SESSION_ID\nu1,t1,1700000000,complete,0.9,s\n\"u,2\",t2,1700000100,SKIP,,s\n";

        var rows = PersonalizeCsv.ReadInteractions(new StringReader(csv));

        rows.ShouldBe([new Interaction("u1", "t1", 1700000000, "complete", 0.9), new Interaction("u,2", "t2", 1700000100, "skip", null)]);
    }

    [Fact]
    public void personalize_items_read_pipe_separated_genres()
    {
        var rows = PersonalizeCsv.ReadItems(new StringReader("ITEM_ID,ARTIST,GENRES,CREATION_TIMESTAMP\nt1,Daft Punk,house|french touch,1700000000\n"));

        rows.Single().Genres.ShouldBe(["house", "french touch"]);
        rows.Single().Artists.ShouldBe(["Daft Punk"]);
    }

    [Theory]
    [InlineData("USER_ID,TIMESTAMP\nu,1\n", "ITEM_ID")]
    [InlineData("USER_ID,ITEM_ID,TIMESTAMP\nu,t,yesterday\n", "line 2")]
    [InlineData("", "header")]
    public void malformed_interactions_fail_with_a_readable_message(string csv, string mentions)
    {
        Should.Throw<FormatException>(() => PersonalizeCsv.ReadInteractions(new StringReader(csv))).Message.ShouldContain(mentions);
    }

    [Fact]
    public void the_engine_beats_popularity_offline_on_listeners_with_distinct_tastes()
    {
        var rows = Events.Crowd(genres: 4, usersPerGenre: 15, tracksPerGenre: 40, eventsPerUser: 30)
            .Select(e => new Interaction(e.UserId, e.TrackId, e.OccurredAt.ToUnixTimeSeconds(), e.EventType, e.FractionPlayed)).ToList();
        var items = rows.Select(r => r.ItemId).Distinct().Select(id => new ItemMetadata(id, [], [id.Split('-')[0]])).ToList();

        var engine = OfflineEvaluator.RandomSplit811(rows, items, new EngineOptions(), seed: 1);
        var popularity = OfflineEvaluator.RandomSplit811(rows, items,
            new EngineOptions { Training = new() { Algorithm = Training.Algorithm.Popularity }, ContentWeight = 0, ExplorationWeight = 0 }, seed: 1);
        var personalize = OfflineEvaluator.Personalize(rows, items, new EngineOptions(), seed: 1);

        engine.Metrics["ndcg@10"].ShouldBeGreaterThan(popularity.Metrics["ndcg@10"] * 2);
        engine.Metrics.Keys.ShouldBe(["ndcg@10", "ndcg@20", "recall@10", "recall@20"], ignoreOrder: true);
        personalize.Metrics.Keys.ShouldBe(["coverage", "mrr@25", "ndcg@5", "ndcg@10", "ndcg@25", "precision@5", "precision@10", "precision@25"], ignoreOrder: true);
        var personalizePopularity = OfflineEvaluator.Personalize(rows, items,
            new EngineOptions { Training = new() { Algorithm = Training.Algorithm.Popularity }, ContentWeight = 0, ExplorationWeight = 0 }, seed: 1);
        personalize.Metrics["ndcg@10"].ShouldBeGreaterThan(personalizePopularity.Metrics["ndcg@10"]);
        personalize.Metrics["coverage"].ShouldBeInRange(0.01, 1.0);
    }
}
