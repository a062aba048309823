-- The 50 most completed tracks of the last 7 days, with their skip rate.
SELECT track_id,
       max(track.name) AS name,
       count_if(event_type = 'complete') AS completes,
       round(1.0 * count_if(event_type = 'skip') / count(*), 3) AS skip_rate
FROM playback_events
WHERE dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY track_id
ORDER BY completes DESC
LIMIT 50;
