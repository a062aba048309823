-- The catalog as the events in scope describe it: each track's latest known name, first artist and genres.
SELECT track_id,
       max_by(track_name, CASE WHEN track_name IS NOT NULL THEN played_at END) AS track_name,
       max_by(artist, CASE WHEN artist IS NOT NULL THEN played_at END) AS artist,
       max_by(genres, CASE WHEN genres IS NOT NULL THEN played_at END) AS genres
FROM stg_playback_events
GROUP BY track_id
