-- An indicator retired stops being measured: it keeps its values and shows
-- for the periods that began before the day it was retired (YYYY-MM-DD in
-- the community's time; '' while it is measured).
ALTER TABLE indicators ADD COLUMN retired_on TEXT NOT NULL DEFAULT '';
