-- Listening sessions of the range: a gap of 30 minutes or more between one play's start and the next starts a new one.
SELECT user_id,
       session_number,
       count(*) AS plays,
       (date_diff('millisecond', min(played_at), max(played_at)) + max_by(ms_played, played_at)) / 60000.0 AS minutes
FROM (
    SELECT user_id,
           played_at,
           ms_played,
           sum(starts_session) OVER (PARTITION BY user_id ORDER BY played_at, event_id ROWS UNBOUNDED PRECEDING) AS session_number
    FROM (
        SELECT user_id,
               event_id,
               played_at,
               ms_played,
               CASE WHEN date_diff('second', lag(played_at) OVER (PARTITION BY user_id ORDER BY played_at, event_id), played_at) < 1800
                    THEN 0 ELSE 1 END AS starts_session
        FROM int_plays
        WHERE dt >= :archived_since AND play_date BETWEEN :from_date AND :to_date
    ) gaps
) numbered
GROUP BY user_id, session_number
