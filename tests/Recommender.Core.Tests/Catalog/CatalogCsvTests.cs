using Recommender.Contracts;
using Recommender.Core.Catalog;
using Recommender.Core.Catalog.Import;

namespace Recommender.Core.Tests.Catalog;

public sealed class CatalogCsvTests
{
    private static CatalogCsvContent Read(string text, CatalogCsvFormat format = CatalogCsvFormat.Auto) => CatalogCsv.Read(new StringReader(text), format);

    [Fact]
    public void a_spotify_tracks_file_becomes_one_entry_per_track_with_every_genre_it_is_filed_under()
    {
        var tracks = SpotifyTracksFile.Tracks(400);
        var file = new StringWriter();
        SpotifyTracksFile.Write(file, tracks);

        var content = Read(file.ToString());

        content.Format.ShouldBe(CatalogCsvFormat.SpotifyTracks);
        content.Rows.ShouldBe(400);
        content.BadRows.ShouldBeEmpty();
        content.Tracks.Count.ShouldBe(tracks.Count);
        content.MergedRows.ShouldBe(400 - tracks.Count);
        var byId = content.Tracks.ToDictionary(t => t.TrackId);
        foreach (var expected in tracks)
        {
            var read = byId[expected.Id];
            read.Genres.ShouldBe(expected.Genres, ignoreOrder: true);
            read.Name.ShouldBe(expected.Name);
            read.Album.ShouldBe(expected.Album);
            read.Artists.Select(a => a.Name).ShouldBe(expected.Artists);
            read.Popularity.ShouldBe(expected.Popularity);
            read.DurationMs.ShouldBe(expected.DurationMs);
            read.Explicit.ShouldBe(expected.Explicit);
            read.AudioFeatures["energy"].ShouldBe(expected.Energy);
            read.AudioFeatures["tempo"].ShouldBe(expected.Tempo);
            read.AudioFeatures.Count.ShouldBe(12);
            read.Source.ShouldBe(CatalogSources.Import);
        }
        tracks.ShouldContain(t => t.Genres.Length == 3, "the file lists some tracks under three genres");
        tracks.ShouldContain(t => t.Name.Contains(',') && t.Name.Contains('"'), "the file quotes names with commas and quotes");
    }

    [Fact]
    public void the_distributed_files_first_row_reads_as_the_data_set_has_it()
    {
        const string text = SpotifyTracksFile.Header + "\n"
            + "0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01e-06,0.358,0.715,87.917,4,acoustic\n"
            + "1,4qPNDBW1i3p13qLCt0Ki3A,Ben Woodward,Ghost (Acoustic),Ghost - Acoustic,55,149610,False,0.42,0.166,1,-17.235,1,0.0763,0.924,5.56e-06,0.101,0.267,77.489,4,acoustic\n"
            + "2,1iJBSr7s7jYXzM8EGcbK5b,Ingrid Michaelson;ZAYN,To Begin Again,To Begin Again,57,210826,False,0.438,0.359,0,-9.734,1,0.0557,0.21,0,0.117,0.12,76.332,4,acoustic\n"
            + "3,2Vw0qB5fZ9v6SzRQlRCFDh,\"Tyler, The Creator\",\"Flower Boy\",\"See You Again (feat. Kali Uchis)\",80,180386,True,0.558,0.559,6,-9.222,1,0.0959,0.371,7.19e-06,0.109,0.62,78.558,4,hip-hop\n"
            + "4,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01e-06,0.358,0.715,87.917,4,j-pop\n";

        var content = Read(text);

        content.Tracks.Count.ShouldBe(4);
        content.Tracks[0].Genres.ShouldBe(["acoustic", "j-pop"]);
        content.Tracks[2].Artists.Select(a => a.Name).ShouldBe(["Ingrid Michaelson", "ZAYN"]);
        content.Tracks[3].Artists.Single().Name.ShouldBe("Tyler, The Creator");
        content.Tracks[3].Explicit.ShouldBe(true);
        content.Tracks[0].AudioFeatures["instrumentalness"].ShouldBe(1.01e-06);
        content.Tracks[0].AudioFeatures["loudness"].ShouldBe(-6.746);
    }

    [Fact]
    public void bad_rows_are_named_by_the_line_they_start_on_and_skipped()
    {
        var good = "0,t1,A,Al,Song,50,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock";
        var text = string.Join("\n",
            SpotifyTracksFile.Header,                                                                 // line 1
            good,                                                                                     // 2
            "1,t2,A,Al,Song,50,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4",                   // 3: a field short
            "2,t3,A,Al,Song,lots,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock",            // 4: popularity
            "3,,A,Al,Song,50,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock",                // 5: no id
            "4,t4,A,\"Two\nLines\",Song,50,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock", // 6-7: fine, spans two lines
            "5,t5,A,Al,Song,50,1000,maybe,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock",              // 8: explicit
            "6,t6,A,Al,Song,50,1000,False,loud,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock",             // 9: danceability
            "7,t7,A,\"never closed,Song,50");                                                         // 10: open quote to the end

        var content = Read(text);

        content.Tracks.Select(t => t.TrackId).ShouldBe(["t1", "t4"]);
        content.Tracks[1].Album.ShouldBe("Two\nLines");
        content.BadRows.Select(b => b.Line).ShouldBe([3, 4, 5, 8, 9, 10]);
        content.BadRows[0].Reason.ShouldContain("expected 21 fields");
        content.BadRows[1].Reason.ShouldContain("popularity");
        content.BadRows[2].Reason.ShouldContain("track_id");
        content.BadRows[3].Reason.ShouldContain("explicit");
        content.BadRows[4].Reason.ShouldContain("danceability");
        content.BadRows[5].Reason.ShouldContain("not closed");
        content.Rows.ShouldBe(8);
    }

    [Fact]
    public void a_personalize_items_file_reads_its_artists_genres_year_and_audio_features()
    {
        const string text = "ITEM_ID,ARTIST,GENRES,CREATION_TIMESTAMP,RELEASE_YEAR,DANCEABILITY,ENERGY,VALENCE,TEMPO\n"
            + "i1,Miles Davis,jazz|cool jazz,1700000000,1959,0.43,0.21,0.3,136.7\n"
            + "i2,,,1700000001,,,,,\n"
            + "i3,Someone,pop,not-a-time,2001,0.5,0.5,0.5,100\n"
            + "i1,Miles Davis,bebop,1700000000,1959,0.43,0.21,0.3,136.7\n";

        var content = Read(text);

        content.Format.ShouldBe(CatalogCsvFormat.PersonalizeItems);
        content.Tracks.Select(t => t.TrackId).ShouldBe(["i1", "i2"]);
        var miles = content.Tracks[0];
        miles.Artists.Single().Name.ShouldBe("Miles Davis");
        miles.Genres.ShouldBe(["jazz", "cool jazz", "bebop"]);
        miles.ReleaseYear.ShouldBe(1959);
        miles.AudioFeatures["tempo"].ShouldBe(136.7);
        content.Tracks[1].Artists.ShouldBeEmpty();
        content.BadRows.Single().Line.ShouldBe(4);
        content.BadRows.Single().Reason.ShouldContain("CREATION_TIMESTAMP");
    }

    [Theory]
    [InlineData("")]
    [InlineData("user_id,track_id,score\nu,t,1\n")]
    public void a_file_in_no_known_layout_is_refused_whole(string text) =>
        Should.Throw<FormatException>(() => Read(text));

    [Fact]
    public void a_named_layout_whose_header_lacks_a_column_names_it()
    {
        var e = Should.Throw<FormatException>(() => Read("track_id,track_genre\nt,rock\n", CatalogCsvFormat.SpotifyTracks));
        e.Message.ShouldContain("artists");
    }
}
