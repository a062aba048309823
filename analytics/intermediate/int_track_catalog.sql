-- The catalog as the events in scope describe it: each track's latest known name, first artist (its name, else its id) and genres.
SELECT track_id,
       track_name,
       coalesce(nullif(trim(try(artists[1].name)), ''), nullif(trim(try(artists[1].id)), '')) AS artist,
       genres
FROM (
    SELECT track_id,
           max_by(track_name, CASE WHEN track_name IS NOT NULL THEN played_at END) AS track_name,
           max_by(artists, CASE WHEN artists IS NOT NULL THEN played_at END) AS artists,
           max_by(genres, CASE WHEN genres IS NOT NULL THEN played_at END) AS genres
    FROM stg_playback_events
    GROUP BY track_id
) tracks
