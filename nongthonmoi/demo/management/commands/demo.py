from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

# Each step is "module:function" returning a list of report lines; apps add their own demo data here.
DEMO_STEPS = [
    "nongthonmoi.demo.base:load",
    "nongthonmoi.criteria.demo:load",
    "nongthonmoi.portal.demo:load",
    "nongthonmoi.rounds.demo:load",
    "nongthonmoi.targets.demo:load",
    "nongthonmoi.ocop.demo:load",
    "nongthonmoi.feedback.demo:load",
    "nongthonmoi.funding.demo:load",
    "nongthonmoi.reports.demo:load",  # keep last: reports read every other module's demo data
]
NATIONAL_STEPS = [
    "nongthonmoi.demo.base:load_national",
]


def run_steps(steps: list[str]) -> list[str]:
    lines: list[str] = []
    for step in steps:
        module_name, function_name = step.split(":")
        lines.extend(getattr(importlib.import_module(module_name), function_name)())
    return lines


class Command(BaseCommand):
    help = "Demo data: `load` (Cao Bằng, users for every role), `national` (benchmark scale), `logins`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "national", "logins"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action in {"load", "national"}:
            for line in run_steps(
                DEMO_STEPS if action == "load" else [*DEMO_STEPS, *NATIONAL_STEPS]
            ):
                self.stdout.write(line)
        if action in {"load", "logins"}:
            from nongthonmoi.demo.base import logins

            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD}):")
            for username, role, unit in logins():
                self.stdout.write(f"  {username:<16} {unit:<18} {role}")
