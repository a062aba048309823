-- Listening time by hour of day (UTC, from the event's own time) over the last 30 days.
SELECT hour(from_iso8601_timestamp(occurred_at) AT TIME ZONE 'UTC') AS hour_of_day,
       count(*) AS events,
       round(sum(coalesce(ms_played, 0)) / 3600000.0, 1) AS hours_listened
FROM playback_events
WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')
GROUP BY 1
ORDER BY 1;
