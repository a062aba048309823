-- Sessions: how many, their mean and median length in minutes, and tracks per session.
SELECT count(*) AS "count",
       avg(minutes) AS mean_minutes,
       avg(CASE WHEN 2 * session_rank IN (sessions, sessions + 1, sessions + 2) THEN minutes END) AS median_minutes,
       avg(CAST(plays AS double)) AS mean_tracks
FROM (
    SELECT minutes, plays,
           row_number() OVER (ORDER BY minutes) AS session_rank,
           count(*) OVER () AS sessions
    FROM int_sessions
) ranked
