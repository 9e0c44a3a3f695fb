"""hodo's Dagster side: definitions, resources, checks, sensors, schedules, CLI."""
