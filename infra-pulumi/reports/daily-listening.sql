-- Plays, completes, skips, listeners and hours listened per day, newest first.
SELECT dt,
       count_if(event_type = 'play') AS plays,
       count_if(event_type = 'complete') AS completes,
       count_if(event_type = 'skip') AS skips,
       count(DISTINCT user_id) AS listeners,
       round(sum(coalesce(ms_played, 0)) / 3600000.0, 1) AS hours_listened
FROM playback_events
WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')
GROUP BY dt
ORDER BY dt DESC;
