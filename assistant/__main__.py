"""`python -m assistant ...` runs the console script (used where the installed script is not on PATH)."""
from assistant.cli.main import main

main()
