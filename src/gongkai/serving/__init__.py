"""Production serving: the WSGI server, proxy handling, response headers, the public page cache, atomic
counters shared by all processes and hosts, the 503 for a busy database, /healthz and request logs."""
