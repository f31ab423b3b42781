"""`python -m tallies` is the `tallies` command."""
from .cli import main

main()
