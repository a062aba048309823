-- Daily listening: plays, completes, skips, listening time, distinct tracks and artists per UTC day.
SELECT CAST(play_date AS varchar) AS "date",
       count(*) AS plays,
       count_if(event_type = 'complete') AS completes,
       count_if(event_type = 'skip') AS skips,
       sum(ms_played) AS listening_ms,
       count(DISTINCT track_id) AS distinct_tracks,
       count(DISTINCT artist) AS distinct_artists
FROM int_plays
WHERE dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
GROUP BY play_date
ORDER BY play_date
