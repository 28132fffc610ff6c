"""Small helpers shared by the apps (not a Django app): privacy masking, rate limits, query parameters."""
