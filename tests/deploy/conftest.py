import os
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from .databases import connection_options


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Logging in many times over: a slow hash proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pg_bin():
    if not os.environ.get("PG_BIN"):
        pytest.skip("PG_BIN is not set: scripts/test sets it to the PostgreSQL binaries that pg_dump comes from")
    return Path(os.environ["PG_BIN"])


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    _options, keywords, _environment = connection_options()
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(dbname="postgres", autocommit=True, **keywords) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **keywords) as server:
        server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
