"""The `honours` command: the same core as the MkDocs plugin. One module a concern, in the
order staff meet them: `check`, `cache`, `tally`, `new` (init and new …), `office` (forms,
import), `printing` (print); `common` is what several share."""

from __future__ import annotations

import click

from .cache import cache_command
from .check import check
from .new import init, new
from .office import forms, import_command
from .printing import print_command
from .tally import tally


@click.group(help="光荣榜：检查记录、新建记录。")
def main() -> None:
    pass


main.add_command(check)
main.add_command(cache_command)
main.add_command(tally)
main.add_command(init)
main.add_command(new)
main.add_command(forms)
main.add_command(import_command)
main.add_command(print_command)
