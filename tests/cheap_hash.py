"""A cheap argon2id for the test suite.

Production hashes staff passwords with argon2id at 46 MiB (`gongkai.accounts.security.StaffPasswordHasher`,
about 0.5 s each on this machine); the fixtures create several accounts per test, so the suite would spend
minutes hashing. Tests get the same algorithm (hashes still read `argon2$argon2id$…` and verify the same way)
at 8 KiB; applications' query passwords (`gongkai.applications.passwords`, 19 MiB, t=2) likewise. A test that checks the production cost is marked `production_password_hash` and gets the real one.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

from gongkai.applications.passwords import QueryPasswordHasher


class CheapArgon2Hasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1


class CheapQueryPasswordHasher(QueryPasswordHasher):
    time_cost = 1
    memory_cost = 8
