"""Campaign actions, congregations and their pledges, and accompaniment reports."""
