"""``qinyou offenders``: repeat offenders, co-offender groups, places ranked, a person's history."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from qinyou import api
from qinyou.commands import settings_from
from qinyou.output import render


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("offenders", help="repeat offenders and the networks around them (resolved identities)",
                       description="People in case notices, named by who they are after identity resolution "
                                   "(stored judgements plus the automatic ones): those in two or more cases, "
                                   "groups who offend together, villages and towns ranked by cases; or, with "
                                   "--person, one person's posts, cases and penalties in date order.")
    p.add_argument("--person", help="a person id: show their history")
    p.add_argument("--top", type=int, default=20, help="rows per list")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.person:
        events = api.history_of(args.person, settings)
        rows = [{"日期": e.date, "类型": e.kind, "内容": e.what, "来源": e.source} for e in events]
        sys.stdout.write(render(rows, ["日期", "类型", "内容", "来源"], args.format))
        return 0
    report = api.repeat_offenders(settings)
    repeat = sorted(((n, k) for k, n in report.offenders.items() if n >= 2), key=lambda x: (-x[0], x[1]))
    sections: list[tuple[str, list[str], list[dict[str, Any]]]] = [
        ("屡查屡犯 / in two or more cases", ["姓名", "案件数", "id"],
         [{"姓名": report.names.get(k, k), "案件数": n, "id": k} for n, k in repeat[: args.top]]),
        ("共同违纪 / offending together", ["组", "人数", "成员"],
         [{"组": i, "人数": len(g), "成员": "、".join(report.names.get(k, k) for k in g)}
          for i, g in enumerate(report.groups[: args.top], 1)]),
        ("村 / villages by cases", ["村", "案件数", "人数"],
         [{"村": r.place, "案件数": r.cases, "人数": r.people} for r in report.villages[: args.top]]),
        ("乡镇 / towns by cases", ["乡镇", "案件数", "人数"],
         [{"乡镇": r.place, "案件数": r.cases, "人数": r.people} for r in report.towns[: args.top]]),
    ]
    for title, columns, rows in sections:
        if args.format == "table":
            print(f"\n## {title}")
        sys.stdout.write(render(rows, columns, args.format))
    return 0
