"""`python -m newsloom` runs the CLI."""

from newsloom.cli import main

main()
