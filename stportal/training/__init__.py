"""One resident's ST: employment steps, absences and placements, with their history."""
