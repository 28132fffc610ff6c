"""The event journal. Action functions call `record(...)` inside their transaction."""
