-- Discovery: plays of an artist the listener had never played before (over all their history), as a share of the month's plays.
SELECT substr(CAST(play_date AS varchar), 1, 7) AS "month",
       count(*) AS plays,
       sum(first_of_artist) AS new_artist_plays,
       CAST(sum(first_of_artist) AS double) / count(*) AS discovery_rate
FROM (
    SELECT play_date,
           CASE WHEN artist IS NOT NULL AND row_number() OVER (PARTITION BY user_id, artist ORDER BY played_at, event_id) = 1
                THEN 1 ELSE 0 END AS first_of_artist
    FROM int_plays
) plays
WHERE play_date BETWEEN :from_date AND :to_date
GROUP BY substr(CAST(play_date AS varchar), 1, 7)
ORDER BY 1
