"""`python -m assistant ...`: the console script, run from this checkout."""
from assistant.cli import main

main()
