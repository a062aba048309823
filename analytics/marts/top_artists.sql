-- The ten most played artists of the range.
SELECT artist,
       count(*) AS plays,
       count(DISTINCT track_id) AS distinct_tracks
FROM int_plays
WHERE artist IS NOT NULL AND dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
GROUP BY artist
ORDER BY plays DESC, artist
LIMIT 10
