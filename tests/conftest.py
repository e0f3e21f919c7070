"""Shared fixtures. Tests never need ../shared: fixtures are built here."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=60, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")


# -- the Neo4j tier -----------------------------------------------------------------------------
# scripts/test.sh starts a throw-away server (scripts/neo4j-local.sh) and sets QINYOU_NEO4J_URI,
# _USER, _PASSWORD, _DATABASE and QINYOU_TEST_NEO4J_SCRATCH=1 (the database is the tests' to empty).

import pytest  # noqa: E402

from pathlib import Path  # noqa: E402
import tempfile  # noqa: E402

from qinyou.settings import Settings, load  # noqa: E402

#: the ID key of every test that compares a Neo4j store with an embedded one (the same ids in both);
#: it stays out of the home directory, where a Neo4j installation keeps its key by default
TEST_KEY_FILE = Path(tempfile.gettempdir()) / f"qinyou-tests-{os.getuid()}" / "id.key"


def neo4j_scratch_settings() -> Settings:
    """Settings of the scratch Neo4j database, or a skip saying why there is none."""
    if not os.environ.get("QINYOU_NEO4J_URI"):
        pytest.skip("QINYOU_NEO4J_URI not set: Neo4j tier skipped (scripts/test.sh starts a server)")
    if os.environ.get("QINYOU_TEST_NEO4J_SCRATCH") != "1":
        pytest.skip("QINYOU_TEST_NEO4J_SCRATCH=1 not set: tests that empty the Neo4j database skipped")
    # the files kept beside a store (generation, snapshot, triage, audit) go to the tests' folder,
    # not to ./qinyou-data-* in the directory the tests were started from
    return load(store="neo4j", id_key_file=TEST_KEY_FILE, db_path=TEST_KEY_FILE.parent / "neo4j-side")


def wipe_neo4j(settings: Settings) -> None:
    """Delete every node and relationship of the scratch database (constraints stay)."""
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    with neo4j.GraphDatabase.driver(settings.neo4j_uri or "", auth=auth, notifications_min_severity="OFF") as driver:
        with driver.session(database=settings.neo4j_database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


@pytest.fixture()
def neo4j_scratch() -> Settings:
    """An empty scratch Neo4j database (skips without one)."""
    settings = neo4j_scratch_settings()
    wipe_neo4j(settings)
    return settings
