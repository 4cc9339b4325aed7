"""ST-portalen: planning, documentation and follow-up of specialist training in general practice."""
