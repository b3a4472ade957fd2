"""Reading the files schools bring: pupil rosters and candidate lists."""
