"""The schema is data: its integrity, and everything derived from it."""
from __future__ import annotations

from pathlib import Path

import pytest

from qinyou.graph.embedded import node_ddl, rel_ddl
from qinyou.graph.model import SCHEMA_DIR, load_schema, schema
from qinyou.errors import SchemaError

REQUIRED_NODES = {"Person", "Household", "Place", "Org", "Post", "Case", "Document", "Benefit",
                  "Payment", "Death"}
REQUIRED_RELS = {"KIN", "MEMBER_OF", "HOLDS", "LOCATED_IN", "PART_OF", "INVOLVED_IN", "RECEIVES", "PAID_TO"}


def test_schema_declares_the_required_types() -> None:
    sch = schema()
    assert REQUIRED_NODES <= set(sch.nodes)
    assert REQUIRED_RELS <= set(sch.rels)


def test_every_type_has_labels_colours_and_identity() -> None:
    sch = schema()
    colours = [t.color for t in sch.nodes.values()]
    assert len(set(colours)) == len(colours), "node colours must tell types apart"
    for node in sch.nodes.values():
        assert node.label_zh and node.description and node.identity
        assert node.caption in node.props
    for rel in sch.rels.values():
        for a, b in rel.ends:
            assert a in sch.nodes and b in sch.nodes


def test_personal_data_is_marked_sensitive() -> None:
    assert {"idno", "head_idno", "head_name"} <= schema().sensitive_props()


def test_ddl_is_derived_for_every_type() -> None:
    sch = schema()
    ddl = node_ddl(sch) + rel_ddl(sch)
    assert len(ddl) == len(sch.nodes) + len(sch.rels)
    for name in [*sch.nodes, *sch.rels]:
        assert any(f"`{name}`(" in stmt for stmt in ddl)


def test_check_label_refuses_undeclared_names() -> None:
    with pytest.raises(SchemaError):
        schema().check_label("Person) DETACH DELETE (n")
    assert schema().check_label("KIN") == "KIN"


def _copy_schema(tmp_path: Path) -> Path:
    for f in SCHEMA_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("file,old,new,message", [
    ("Person.yaml", "name: Person", "name: Persons", "file name"),
    ("Person.yaml", "type: date", "type: datetime", "type must be"),
    ("KIN.yaml", "[Person, Person]", "[Person, Ghost]", "unknown node type"),
    ("Household.yaml", "- [hh_no]", "- [household_number]", "identity field"),
    ("Place.yaml", 'color: "#59a14f"', 'color: green', "color"),
])
def test_broken_schema_files_are_refused_with_the_file_named(tmp_path: Path, file: str, old: str,
                                                             new: str, message: str) -> None:
    directory = _copy_schema(tmp_path)
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(directory)
    assert message in str(info.value)
    assert file.split(".")[0] in str(info.value) or file in str(info.value)
