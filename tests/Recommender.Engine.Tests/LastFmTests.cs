using Recommender.Contracts;
using Recommender.Engine.Data;

namespace Recommender.Engine.Tests;

public class LastFmTests
{
    [DatasetFact("lastfm-hetrec-2k")]
    public void the_last_fm_import_has_every_user_artist_pair_and_tag_genres()
    {
        var path = Datasets.PathOf("lastfm-hetrec-2k");

        var data = LastFmDataSet.Load(path);

        data.Interactions.Count.ShouldBe(92_834);
        data.Interactions.Select(i => i.UserId).Distinct().Count().ShouldBe(1_892);
        data.Items.Count.ShouldBe(17_632);
        data.Interactions.ShouldAllBe(i => i.EventValue > 0);
        var beatles = data.Items.Single(i => i.Artists.Contains("The Beatles"));
        beatles.Genres.Count.ShouldBe(5);
        beatles.Genres.ShouldContain("classic rock");
    }
}
