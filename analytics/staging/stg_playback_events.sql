-- Every archived event once (de-duplicated by listener and event id), its time as a UTC timestamp.
SELECT event_id,
       user_id,
       track_id,
       event_type,
       CAST(from_iso8601_timestamp(occurred_at) AT TIME ZONE 'UTC' AS timestamp) AS played_at,
       ms_played,
       track.name AS track_name,
       track.artists AS artists,
       track.genres AS genres,
       dt
FROM (
    SELECT e.*,
           row_number() OVER (PARTITION BY user_id, event_id ORDER BY dt) AS copy
    FROM playback_events e
    WHERE (:user_id IS NULL OR user_id = :user_id)
) archived
WHERE copy = 1
