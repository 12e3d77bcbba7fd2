"""The programme's follow-up: indicators tied to goals and sub-goals, yearly progress reports per sub-goal, the
yearly follow-up the secretariat prepares in the admin, and the texts of the key-figure presentation."""
