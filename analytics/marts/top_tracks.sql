-- The ten most played tracks of the range.
SELECT track_id,
       max(track_name) AS name,
       max(artist) AS artist,
       count(*) AS plays
FROM int_plays
WHERE dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
GROUP BY track_id
ORDER BY plays DESC, track_id
LIMIT 10
