-- Skip rate by hour of day (UTC): 24 rows, an hour without plays included.
SELECT h.hour,
       coalesce(p.plays, 0) AS plays,
       coalesce(p.skips, 0) AS skips,
       CASE WHEN p.plays > 0 THEN CAST(p.skips AS double) / p.plays END AS skip_rate
FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18), (19), (20), (21), (22), (23)) AS h (hour)
LEFT JOIN (
    SELECT hour(played_at) AS hour, count(*) AS plays, count_if(event_type = 'skip') AS skips
    FROM int_plays
    WHERE dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
    GROUP BY hour(played_at)
) p ON p.hour = h.hour
ORDER BY h.hour
