-- Skip rate per genre over the last 30 days (an event counts once per genre of its track).
SELECT genre,
       count(*) AS events,
       round(1.0 * count_if(event_type = 'skip') / count(*), 3) AS skip_rate
FROM playback_events
CROSS JOIN UNNEST(track.genres) AS t (genre)
WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')
GROUP BY genre
HAVING count(*) >= 100
ORDER BY skip_rate DESC;
