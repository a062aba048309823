-- Plays (play, skip and complete events) joined with the catalog, with their UTC date.
SELECT p.event_id,
       p.user_id,
       p.track_id,
       p.event_type,
       p.played_at,
       CAST(p.played_at AS date) AS play_date,
       coalesce(p.ms_played, 0) AS ms_played,
       p.dt,
       c.track_name,
       c.artist,
       c.genres
FROM stg_playback_events p
LEFT JOIN int_track_catalog c ON c.track_id = p.track_id
WHERE p.event_type IN ('play', 'skip', 'complete')
