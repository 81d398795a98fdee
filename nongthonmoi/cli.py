"""The `nongthonmoi` console command.

Pure sub-commands (no database) are dispatched to the apps' cli modules; everything else is a
Django management command (so `nongthonmoi units stats` == `manage.py units stats`).
"""

from __future__ import annotations

import importlib
import os
import sys

# sub-command -> "module:function" taking argv (without the sub-command) and returning an exit code
PURE_COMMANDS = {
    "criteria": "nongthonmoi.criteria.cli:main",
    "evaluate": "nongthonmoi.criteria.cli:evaluate_main",
    "ocop": "nongthonmoi.ocop.cli:main",
    "funding": "nongthonmoi.funding.cli:main",
}

USAGE = """\
nongthonmoi — NTM management platform

  nongthonmoi setup                 migrate, load the administrative maps and the demo data
  nongthonmoi run [ADDR:PORT]       set up, then serve (default 127.0.0.1:8000)
  nongthonmoi units stats|load      administrative units
  nongthonmoi demo load|national    demo data
  nongthonmoi criteria list|show    criteria sets
  nongthonmoi evaluate ...          evaluate communes from a .csv/.xlsx file
  nongthonmoi ocop stars|score      OCOP scoring
  nongthonmoi funding allocate      allocation by coefficient formula
  nongthonmoi <django command>      any manage.py command
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command in PURE_COMMANDS:
        module_name, function_name = PURE_COMMANDS[command].split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        return int(function(rest) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nongthonmoi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nongthonmoi", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
