-- Genre evolution: plays per genre per month (a play counts once for each genre of its track).
SELECT substr(CAST(play_date AS varchar), 1, 7) AS "month",
       genre,
       count(*) AS plays
FROM int_plays
CROSS JOIN UNNEST(genres) AS g (genre)
WHERE dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
GROUP BY substr(CAST(play_date AS varchar), 1, 7), genre
ORDER BY 1, 3 DESC, 2
