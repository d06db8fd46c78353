"""Case tasks: what is to be done, by whom on the team, by when, and whether it is done."""
