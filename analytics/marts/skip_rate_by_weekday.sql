-- Skip rate by day of the week (ISO: Monday first), 7 rows.
SELECT d.weekday,
       coalesce(p.plays, 0) AS plays,
       coalesce(p.skips, 0) AS skips,
       CASE WHEN p.plays > 0 THEN CAST(p.skips AS double) / p.plays END AS skip_rate
FROM (VALUES (1, 'Monday'), (2, 'Tuesday'), (3, 'Wednesday'), (4, 'Thursday'), (5, 'Friday'), (6, 'Saturday'), (7, 'Sunday')) AS d (day_number, weekday)
LEFT JOIN (
    SELECT day_of_week(play_date) AS day_number, count(*) AS plays, count_if(event_type = 'skip') AS skips
    FROM int_plays
    WHERE dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
    GROUP BY day_of_week(play_date)
) p ON p.day_number = d.day_number
ORDER BY d.day_number
