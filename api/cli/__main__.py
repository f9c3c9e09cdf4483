"""``python -m api.cli``: the ``yiju`` command."""

from api.cli import main

main()
